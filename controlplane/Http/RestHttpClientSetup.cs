using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ControlPlane.Http;

/// <summary>Builds Kibana's HttpClient pieces: base address, auth header, TLS trust (Elasticsearch's are Elastic/ElasticsearchConnection).</summary>
public static class RestHttpClientSetup
{
    public static void Configure(HttpClient client, RestTransportOptions options, string service)
    {
        if (!options.IsConfigured) return; // the client is only used after a command checked the URL
        var url = options.Url!.EndsWith('/') ? options.Url : options.Url + "/";
        client.BaseAddress = new Uri(url);
        client.Timeout = options.Timeout;
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", options.ApiKey.Trim());
        else if (!string.IsNullOrEmpty(options.Username))
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"controlplane-{service}/1.0");
    }

    /// <summary>Certificate checks stay on; a CA file adds a private root; only an explicit opt-out disables them.</summary>
    public static SocketsHttpHandler CreateHandler(RestTransportOptions options)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All };
        if (options.InsecureSkipVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (!string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            if (!File.Exists(options.CaCertificatePath))
                throw new FileNotFoundException($"KIBANA_CA_CERT points to a missing file: {options.CaCertificatePath}");
            X509Certificate2 ca;
            try { ca = X509CertificateLoader.LoadCertificateFromFile(options.CaCertificatePath); }
            catch (System.Security.Cryptography.CryptographicException)
            {
                throw new InvalidOperationException($"KIBANA_CA_CERT {options.CaCertificatePath} is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)");
            }
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => CustomCaTrust.Trusts(ca, cert, errors);
        }
        return handler;
    }
}
