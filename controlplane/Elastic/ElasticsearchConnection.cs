using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ControlPlane.Configuration;
using ControlPlane.Http;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace ControlPlane.Elastic;

/// <summary>
/// Turns the ES_* settings into the official client's <see cref="ElasticsearchClientSettings"/>: the node pool (one URL →
/// <see cref="SingleNodePool"/>, a comma-separated list → <see cref="StaticNodePool"/>, ES_CLOUD_ID → <see cref="CloudNodePool"/>),
/// authentication (API key before basic), TLS trust (ES_CA_CERT or ES_CA_FINGERPRINT; checks stay on unless
/// ES_INSECURE_SKIP_VERIFY), the request timeout and the transport's node failover. Every bad setting is one line naming it.
/// </summary>
public static class ElasticsearchConnection
{
    /// <param name="invoker">The HTTP layer; null for the transport's own (tests wrap it to hold requests at a gate).</param>
    public static ElasticsearchClientSettings CreateSettings(RestTransportOptions options, IRequestInvoker? invoker = null)
    {
        var (pool, urlCredentials) = CreateNodePool(options);
        var settings = (invoker is null ? new ElasticsearchClientSettings(pool) : new ElasticsearchClientSettings(pool, invoker, null!, null!))
            .RequestTimeout(options.Timeout)
            // Elastic.Transport fails over to the next node of a StaticNodePool on 502/503/504 and connection errors; a
            // SingleNodePool never retries (SingleNodePool.MaxRetries is 0). Backoff on the same node, and 429, is ElasticsearchRetry's.
            .MaximumRetries(Math.Clamp(options.MaxRetries, 0, 20))
            // Request bodies go uncompressed: on the loader's hot path gzip of every _bulk page costs more CPU than the LAN saves.
            .EnableHttpCompression(false)
            // The transport copies every request body into a stream of this factory before sending. Its default is a
            // plain MemoryStream that grows by doubling: a ~600 KB _bulk page cost ~800 KB of large-object-heap arrays per
            // request, the loader's full collections and most of its peak RSS (the bench's LOH profile, issue 12). Pooled blocks instead.
            .MemoryStreamFactory(RecyclableMemoryStreamFactory.Default)
            .UserAgent(global::Elastic.Transport.UserAgent.Create("controlplane"));
        if (Authentication(options, urlCredentials) is { } auth) settings.Authentication(auth);
        ConfigureTls(settings, options);
        return settings;
    }

    private static (NodePool Pool, BasicAuthentication? UrlCredentials) CreateNodePool(RestTransportOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.CloudId))
        {
            if (!string.IsNullOrWhiteSpace(options.Url))
                throw new ElasticsearchSettingsException("ES_URL and ES_CLOUD_ID are both set: set one of them");
            var credentials = Authentication(options, null)
                ?? throw new ElasticsearchSettingsException("ES_CLOUD_ID needs ES_API_KEY or ES_USERNAME + ES_PASSWORD");
            try { return (new CloudNodePool(options.CloudId.Trim(), credentials), null); }
            catch (ArgumentException) { throw new ElasticsearchSettingsException("ES_CLOUD_ID is not a Cloud ID (expected name:base64 as shown in the Elastic Cloud console)"); }
        }
        if (string.IsNullOrWhiteSpace(options.Url)) throw new ElasticsearchSettingsException("ES_URL is not set (or ES_CLOUD_ID for Elastic Cloud)");

        var nodes = new List<Uri>();
        BasicAuthentication? fromUrl = null;
        foreach (var part in options.Url.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri))
                throw new ElasticsearchSettingsException($"ES_URL '{SecretRedaction.Url(part)}' is not a URL (expected e.g. https://localhost:9200)");
            if (uri.Scheme is not ("http" or "https"))
                throw new ElasticsearchSettingsException($"ES_URL '{SecretRedaction.Url(part)}' has scheme '{uri.Scheme}': only http and https are supported");
            if (string.IsNullOrEmpty(uri.Host))
                throw new ElasticsearchSettingsException($"ES_URL '{SecretRedaction.Url(part)}' names no host (expected e.g. https://localhost:9200)");
            if (!string.IsNullOrEmpty(uri.UserInfo) && fromUrl is null)
            {
                var colon = uri.UserInfo.IndexOf(':');
                var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
                var password = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
                fromUrl = new BasicAuthentication(user, password);
            }
            // The credentials leave the node's address, so no message, log or span of the transport can carry them.
            var clean = new UriBuilder(uri) { UserName = "", Password = "" }.Uri;
            nodes.Add(clean.AbsoluteUri.EndsWith('/') ? clean : new Uri(clean.AbsoluteUri + "/"));
        }
        if (nodes.Count == 0) throw new ElasticsearchSettingsException("ES_URL is empty");
        if (nodes.Select(n => n.Scheme).Distinct().Count() > 1)
            throw new ElasticsearchSettingsException("ES_URL mixes http and https nodes: use one scheme for all");
        return (nodes.Count == 1 ? new SingleNodePool(nodes[0]) : new StaticNodePool(nodes), fromUrl);
    }

    private static AuthorizationHeader? Authentication(RestTransportOptions options, BasicAuthentication? fromUrl)
    {
        if (!string.IsNullOrWhiteSpace(options.ApiKey)) return new ApiKey(options.ApiKey.Trim());
        if (!string.IsNullOrEmpty(options.Username)) return new BasicAuthentication(options.Username, options.Password ?? "");
        return fromUrl;
    }

    private static void ConfigureTls(ElasticsearchClientSettings settings, RestTransportOptions options)
    {
        if (options.InsecureSkipVerify)
        {
            settings.ServerCertificateValidationCallback(CertificateValidations.AllowAll);
            return;
        }
        var hasCa = !string.IsNullOrWhiteSpace(options.CaCertificatePath);
        var hasFingerprint = !string.IsNullOrWhiteSpace(options.CaFingerprint);
        if (hasCa && hasFingerprint)
            throw new ElasticsearchSettingsException("ES_CA_CERT and ES_CA_FINGERPRINT are both set: set one of them");
        if (hasFingerprint)
        {
            var hex = options.CaFingerprint!.Replace(":", "", StringComparison.Ordinal).Trim();
            if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
                throw new ElasticsearchSettingsException("ES_CA_FINGERPRINT is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
            settings.CertificateFingerprint(hex);
        }
        else if (hasCa)
        {
            var ca = LoadCertificate(options.CaCertificatePath!);
            settings.ServerCertificateValidationCallback((_, cert, _, errors) => CustomCaTrust.Trusts(ca, cert, errors));
        }
    }

    /// <summary>Reads ES_CA_CERT: a PEM (or DER) certificate; anything else is refused by name.</summary>
    public static X509Certificate2 LoadCertificate(string path)
    {
        if (!File.Exists(path)) throw new ElasticsearchSettingsException($"ES_CA_CERT points to a missing file: {path}");
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException)
        {
            throw new ElasticsearchSettingsException($"ES_CA_CERT {path} is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)");
        }
    }
}
