using Confluent.Kafka;

namespace ControlPlane.Streaming;

/// <summary>Client configurations for the stream sources' consumer, the verdict producer and the admin client, from <see cref="StreamingOptions"/>.</summary>
public static class KafkaClientConfig
{
    public static ConsumerConfig Consumer(StreamingOptions o, StreamSourceDefinition source, string clientId) => Common(new ConsumerConfig
    {
        GroupId = source.Group,
        ClientId = clientId,
        // Offsets are committed by the loader, only after Elasticsearch acknowledged (or dead-lettered) every message up to them.
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        // A new group starts at the beginning of the topic: nothing published before the first start is skipped.
        AutoOffsetReset = AutoOffsetReset.Earliest,
        SessionTimeoutMs = o.SessionTimeoutMs,
        HeartbeatIntervalMs = o.HeartbeatIntervalMs,
        // The classic eager protocol: a revoke hands back every partition, after the loader committed what it finished.
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
    }, o);

    public static ProducerConfig Producer(StreamingOptions o, string clientId) => Common(new ProducerConfig
    {
        ClientId = clientId,
        // Idempotent producer: a retried send is not written twice to the verdict topics.
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 5,
    }, o);

    public static AdminClientConfig Admin(StreamingOptions o) => Common(new AdminClientConfig { ClientId = "controlplane-admin" }, o);

    private static T Common<T>(T config, StreamingOptions o) where T : ClientConfig
    {
        config.BootstrapServers = o.BootstrapServers;
        var sasl = !string.IsNullOrWhiteSpace(o.Username);
        var protocol = o.SecurityProtocol ?? (sasl ? "SASL_SSL" : "PLAINTEXT");
        config.SecurityProtocol = Enum.Parse<SecurityProtocol>(protocol.Replace("_", ""), ignoreCase: true);
        if (sasl)
        {
            config.SaslMechanism = Enum.Parse<SaslMechanism>(o.SaslMechanism.Replace("-", ""), ignoreCase: true);
            config.SaslUsername = o.Username;
            config.SaslPassword = o.Password;
        }
        if (o.CaCertificatePath is not null) config.SslCaLocation = o.CaCertificatePath;
        return config;
    }
}
