using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace ControlPlane.Streaming;

/// <summary>One line of the Kafka check: a broker or a topic, whether it is there, and what to do when it is not.</summary>
public sealed record KafkaCheck(string What, bool Ok, string Detail);

/// <summary>
/// For <c>doctor</c>: which brokers answer a metadata request and whether each stream source's topic (and the verdict
/// topics) exists. One metadata call through the admin client, bounded by <paramref name="timeout"/>.
/// </summary>
public sealed class KafkaConnectivity(IOptions<StreamingOptions> options)
{
    /// <summary>Whether KAFKA_BOOTSTRAP_SERVERS is set.</summary>
    public bool IsConfigured => options.Value.IsConfigured;

    public IReadOnlyList<KafkaCheck> Check(IEnumerable<string> topics, TimeSpan timeout)
    {
        var o = options.Value;
        if (!o.IsConfigured) return [new KafkaCheck("kafka", false, "KAFKA_BOOTSTRAP_SERVERS is not set (host:port[,host:port])")];
        var checks = new List<KafkaCheck>();
        try
        {
            using var admin = new AdminClientBuilder(KafkaClientConfig.Admin(o)).Build();
            var metadata = admin.GetMetadata(timeout);
            foreach (var b in metadata.Brokers) checks.Add(new KafkaCheck($"kafka broker {b.Host}:{b.Port}", true, $"broker {b.BrokerId} answers"));
            if (metadata.Brokers.Count == 0) checks.Add(new KafkaCheck("kafka", false, $"no broker listed by {o.BootstrapServers}"));
            var existing = metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
            foreach (var topic in topics.Distinct())
                checks.Add(existing.Contains(topic)
                    ? new KafkaCheck($"kafka topic {topic}", true, "exists")
                    : new KafkaCheck($"kafka topic {topic}", false, "missing: create it (or let the producer auto-create it if the brokers allow)"));
        }
        catch (KafkaException ex)
        {
            checks.Add(new KafkaCheck("kafka", false, $"{o.BootstrapServers}: {ex.Error.Reason}: check KAFKA_BOOTSTRAP_SERVERS and KAFKA_USERNAME/KAFKA_PASSWORD"));
        }
        return checks;
    }
}
