namespace ControlPlane.Streaming;

/// <summary>
/// Settings of the streaming loader. The interface.md names (<c>KAFKA_BOOTSTRAP_SERVERS</c>, <c>KAFKA_USERNAME</c>,
/// <c>KAFKA_PASSWORD</c>, <c>ALERT_WEBHOOK_URL</c>, …) fill them; tuning comes from the <c>Streaming</c> section
/// (<c>Streaming__SessionTimeoutMs</c>, …).
/// </summary>
public sealed class StreamingOptions
{
    public const string Section = "Streaming";

    /// <summary>Kafka brokers, <c>host:port,host:port</c> (KAFKA_BOOTSTRAP_SERVERS). Defaults to none: streaming is off.</summary>
    public string? BootstrapServers { get; set; }
    /// <summary>SASL user (KAFKA_USERNAME). Defaults to none: no SASL.</summary>
    public string? Username { get; set; }
    /// <summary>SASL password (KAFKA_PASSWORD or KAFKA_PASSWORD_FILE). Defaults to none.</summary>
    public string? Password { get; set; }
    /// <summary>SASL mechanism (KAFKA_SASL_MECHANISM): PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512. Defaults to PLAIN.</summary>
    public string SaslMechanism { get; set; } = "PLAIN";
    /// <summary>KAFKA_SECURITY_PROTOCOL: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. Defaults to SASL_SSL with a username, PLAINTEXT without.</summary>
    public string? SecurityProtocol { get; set; }
    /// <summary>PEM file of the brokers' CA (KAFKA_CA_CERT). Defaults to the system's CAs. Certificate checks are never turned off.</summary>
    public string? CaCertificatePath { get; set; }
    /// <summary>Topic the suspicious payments are republished to (KAFKA_FRAUD_TOPIC). Defaults to the seed's <c>fraud_payments</c>.</summary>
    public string FraudTopic { get; set; } = "fraud_payments";
    /// <summary>Topic the other payments are republished to (KAFKA_LEGIT_TOPIC). Defaults to the seed's <c>legit_topic</c>.</summary>
    public string LegitTopic { get; set; } = "legit_topic";
    /// <summary>Where alerts are POSTed as JSON (ALERT_WEBHOOK_URL). Defaults to none: alerts go to the log and the index only.</summary>
    public string? AlertWebhookUrl { get; set; }

    /// <summary>Consumer group session timeout: how soon a crashed consumer's partitions move to another. Defaults to 45000 ms (Kafka's default).</summary>
    public int SessionTimeoutMs { get; set; } = 45_000;
    /// <summary>How often the consumer tells the group it is alive, and learns of a rebalance. Defaults to 3000 ms (Kafka's default).</summary>
    public int HeartbeatIntervalMs { get; set; } = 3_000;
    /// <summary>Alerts waiting for the webhook at most; beyond it an alert is logged as not sent (it is in the index). Defaults to 10000.</summary>
    public int AlertQueueCapacity { get; set; } = 10_000;
    /// <summary>First delay before the webhook is tried again after a transient failure (the standard resilience handler's retry, 3 tries, exponential). Defaults to 2 s.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Tries of a bulk item answered 429/5xx before the batch is retried whole (it is never dead-lettered for that). Defaults to 5.</summary>
    public int ItemRetryAttempts { get; set; } = 5;
    /// <summary>First delay between those tries (doubled each time, jittered); also the first delay before a failed batch is retried. Defaults to 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BootstrapServers);
}
