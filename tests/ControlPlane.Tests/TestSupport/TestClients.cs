using ControlPlane.Elastic;
using ControlPlane.Http;

namespace ControlPlane.Tests.TestSupport;

/// <summary>Real clients pointed at a fake server, with retry delays short enough for tests.</summary>
public static class TestClients
{
    public static RestTransportOptions Options(Uri url, int maxRetries = 3) => new()
    {
        Url = url.ToString(), MaxRetries = maxRetries, RetryBaseDelay = TimeSpan.FromMilliseconds(1), Timeout = TimeSpan.FromSeconds(30),
    };

    public static JsonRestTransport Transport(Uri url, string service = "elasticsearch", int maxRetries = 3, TimeProvider? time = null)
    {
        var options = Options(url, maxRetries);
        var http = new HttpClient(RestHttpClientSetup.CreateHandler(options));
        RestHttpClientSetup.Configure(http, options, service);
        return new JsonRestTransport(service, http, options, time ?? TimeProvider.System);
    }

    public static ElasticsearchClient Elasticsearch(Uri url, int maxRetries = 3) => new(Transport(url, maxRetries: maxRetries));
}
