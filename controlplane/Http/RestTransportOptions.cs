namespace ControlPlane.Http;

/// <summary>How a REST endpoint (Elasticsearch or Kibana) is reached. Bound from ES_* / KIBANA_* settings.</summary>
public sealed class RestTransportOptions
{
    /// <summary>
    /// Base URL, e.g. https://localhost:9200; for Elasticsearch a comma-separated list of nodes is accepted. Credentials in
    /// it (<c>https://user:pw@host</c>) are used as basic auth and never printed. Defaults to none: commands that need it
    /// fail with a clear error.
    /// </summary>
    public string? Url { get; set; }
    /// <summary>Elastic Cloud deployment id (ES_CLOUD_ID), instead of <see cref="Url"/>. Elasticsearch only. Defaults to none.</summary>
    public string? CloudId { get; set; }
    /// <summary>Base64 API key (the <c>encoded</c> value). Takes precedence over basic auth. Defaults to none.</summary>
    public string? ApiKey { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>PEM file of the CA that signed the server certificate. Defaults to the system trust store.</summary>
    public string? CaCertificatePath { get; set; }
    /// <summary>SHA-256 fingerprint (hex) of the CA certificate (ES_CA_FINGERPRINT), as Elasticsearch prints it at first start. Elasticsearch only. Defaults to none.</summary>
    public string? CaFingerprint { get; set; }
    /// <summary>Turns TLS certificate checks off. Defaults to false; only for throwaway clusters.</summary>
    public bool InsecureSkipVerify { get; set; }
    /// <summary>Attempts after the first for 429/502/503/504 and connection errors. Defaults to 5, clamped to 0–20.</summary>
    public int MaxRetries { get; set; } = 5;
    /// <summary>First backoff delay; doubles with jitter each retry. Defaults to 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary>Per-request timeout. Defaults to 100 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url) || !string.IsNullOrWhiteSpace(CloudId);
}
