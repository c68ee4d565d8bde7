using ControlPlane.Http;
using Microsoft.Extensions.Configuration;

namespace ControlPlane.Configuration;

/// <summary>Maps <c>{PREFIX}URL</c>, <c>{PREFIX}API_KEY</c>, … onto <see cref="RestTransportOptions"/> for ES and Kibana.</summary>
public static class ConnectionOptionsSetup
{
    public const string Elasticsearch = "elasticsearch";
    public const string Kibana = "kibana";

    public static void Bind(IConfiguration config, string prefix, RestTransportOptions o)
    {
        o.Url = Settings.Get(config, prefix + "URL") ?? o.Url;
        o.CloudId = Settings.Get(config, prefix + "CLOUD_ID") ?? o.CloudId;
        o.ApiKey = Settings.GetSecret(config, prefix + "API_KEY") ?? o.ApiKey;
        o.Username = Settings.Get(config, prefix + "USERNAME") ?? o.Username;
        o.Password = Settings.GetSecret(config, prefix + "PASSWORD") ?? o.Password;
        o.CaCertificatePath = Settings.Get(config, prefix + "CA_CERT") ?? o.CaCertificatePath;
        o.CaFingerprint = Settings.Get(config, prefix + "CA_FINGERPRINT") ?? o.CaFingerprint;
        o.InsecureSkipVerify = Settings.GetFlag(config, prefix + "INSECURE_SKIP_VERIFY") || o.InsecureSkipVerify;
        if (int.TryParse(Settings.Get(config, prefix + "MAX_RETRIES"), out var retries)) o.MaxRetries = retries;
        if (int.TryParse(Settings.Get(config, prefix + "RETRY_BASE_DELAY_MS"), out var delay)) o.RetryBaseDelay = TimeSpan.FromMilliseconds(delay);
    }
}
