using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace ControlPlane.Streaming;

/// <summary>What <see cref="PaymentProducer"/> sent: counts by label, the planted payments' offsets, and how long it took.</summary>
public sealed record ProduceSummary(string Topic, int Sent, int Suspicious, int Alerts, IReadOnlyList<string> PlantedPositions, TimeSpan Elapsed);

/// <summary>
/// Publishes the seed's payment stream (<see cref="PaymentStreamGenerator"/>) to a topic at a chosen rate, for demos and
/// <c>stream-bench</c>; values without key, as the seed's producer sends them. The rate is kept per 10 ms tick with
/// <see cref="TimeProvider"/>; 0 means as fast as the broker takes them.
/// </summary>
public sealed class PaymentProducer(IOptions<StreamingOptions> options, TimeProvider time)
{
    public async Task<ProduceSummary> ProduceAsync(string topic, IEnumerable<GeneratedPayment> payments, double perSecond, CancellationToken ct)
    {
        if (!options.Value.IsConfigured) throw new InvalidOperationException("KAFKA_BOOTSTRAP_SERVERS is not set: produce needs Kafka brokers (host:port[,host:port]).");
        using var producer = new ProducerBuilder<Null, string>(KafkaClientConfig.Producer(options.Value, "controlplane-produce")).Build();
        var started = time.GetTimestamp();
        var (sent, suspicious, alerts) = (0, 0, 0);
        var planted = new List<Task<DeliveryResult<Null, string>>>();
        var pending = new List<Task<DeliveryResult<Null, string>>>();
        foreach (var p in payments)
        {
            ct.ThrowIfCancellationRequested();
            if (perSecond > 0)
            {
                var due = TimeSpan.FromSeconds(sent / perSecond);
                var ahead = due - time.GetElapsedTime(started);
                if (ahead > TimeSpan.FromMilliseconds(10)) await Task.Delay(ahead, time, ct).ConfigureAwait(false);
            }
            var delivery = producer.ProduceAsync(topic, new Message<Null, string> { Value = p.Json }, ct);
            pending.Add(delivery);
            if (p.Planted) planted.Add(delivery);
            sent++;
            if (p.Suspicious) suspicious++;
            if (p.Alert) alerts++;
            if (pending.Count >= 10_000) { await Task.WhenAll(pending).ConfigureAwait(false); pending.Clear(); }
        }
        await Task.WhenAll(pending).ConfigureAwait(false);
        var positions = new List<string>();
        foreach (var d in planted) { var r = await d.ConfigureAwait(false); positions.Add($"{r.Topic}/{r.Partition.Value}/{r.Offset.Value}"); }
        return new ProduceSummary(topic, sent, suspicious, alerts, positions, time.GetElapsedTime(started));
    }
}
