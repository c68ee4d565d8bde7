using ControlPlane.Elastic;
using ControlPlane.Http;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace ControlPlane.Tests.TestSupport;

/// <summary>Real clients pointed at a fake server, with retry delays short enough for tests.</summary>
public static class TestClients
{
    public static RestTransportOptions Options(Uri url, int maxRetries = 3) => new()
    {
        Url = url.ToString(), MaxRetries = maxRetries, RetryBaseDelay = TimeSpan.FromMilliseconds(1), Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Kibana's HTTP layer over a plain HttpClient (no resilience handler: a test sees each answer as sent).</summary>
    public static ControlPlane.Kibana.KibanaHttp Kibana(Uri url)
    {
        var options = Options(url, 0);
        var http = new HttpClient(RestHttpClientSetup.CreateHandler(options));
        RestHttpClientSetup.Configure(http, options, "kibana");
        return new ControlPlane.Kibana.KibanaHttp(() => http);
    }

    /// <summary>The official client as the control plane builds it, with our retries; <paramref name="invoker"/> replaces its HTTP layer.</summary>
    public static ElasticsearchGateway Elasticsearch(Uri url, int maxRetries = 3, IRequestInvoker? invoker = null) =>
        Elasticsearch(Options(url, maxRetries), invoker);

    public static ElasticsearchGateway Elasticsearch(RestTransportOptions options, IRequestInvoker? invoker = null) =>
        new(new ElasticsearchClient(ElasticsearchConnection.CreateSettings(options, invoker)),
            new ElasticsearchRetry(options.MaxRetries, options.RetryBaseDelay, TimeProvider.System));
}
