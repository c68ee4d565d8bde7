using System.Text.Json.Nodes;
using Confluent.Kafka;

namespace ControlPlane.Streaming;

/// <summary>
/// Republishes each indexed payment with its verdict, as the seed's detector did: suspicious ones to the fraud topic, the
/// others to the legit topic (names from settings). The value is the message as received (card masked) plus a
/// <c>verdict</c> object; the key is the payment's <c>sale_id</c>. Sent after Elasticsearch acknowledged the batch and
/// before its offsets are committed, so a crash in between re-sends (at least once; the key lets readers drop repeats).
/// </summary>
public sealed class VerdictPublisher(IProducer<string, string> producer, StreamingOptions options) : IDisposable
{
    public async Task PublishAsync(IReadOnlyList<CheckedPayment> payments, CancellationToken ct)
    {
        if (payments.Count == 0) return;
        var sends = new List<Task<DeliveryResult<string, string>>>(payments.Count);
        foreach (var c in payments)
        {
            var value = (JsonObject)c.Payment.Json.DeepClone();
            value["verdict"] = new JsonObject
            {
                ["suspicious"] = c.Verdict is not null,
                ["rule_id"] = c.Verdict?.RuleId,
                ["rule_version"] = c.Verdict?.RuleVersion,
                ["alerts"] = new JsonArray(c.Alerts.Select(a => (JsonNode?)a.Name).ToArray()),
                ["sale_id"] = c.Payment.SaleId,
            };
            var topic = c.Verdict is not null ? options.FraudTopic : options.LegitTopic;
            sends.Add(producer.ProduceAsync(topic, new Message<string, string> { Key = c.Payment.SaleId, Value = value.ToJsonString() }, ct));
        }
        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    public void Dispose() => producer.Dispose();
}
