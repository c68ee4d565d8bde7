using ControlPlane.Api;
using ControlPlane.Tests.Kibana;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ControlPlane.Http;

namespace ControlPlane.Tests.Api;

/// <summary>
/// The real <c>serve</c> app (<see cref="ApiHost.Build"/>) on Kestrel at 127.0.0.1 and a random port, over in-memory
/// settings that win over the environment (so a CI's own API_KEY or KIBANA_URL does not leak in).
/// </summary>
public sealed class ApiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiTestServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
        Client = new HttpClient { BaseAddress = url };
    }

    public Uri Url { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<ApiTestServer> StartAsync(
        Uri elasticsearch, string? apiKey = null, Action<IServiceCollection>? services = null, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ES_URL"] = elasticsearch.ToString(), ["ES_MAX_RETRIES"] = "0", ["KIBANA_URL"] = "", ["API_KEY"] = apiKey ?? "",
            ["CONTROLPLANE_ROOT"] = KibanaTestSupport.RepositoryRoot, ["API_TIME_ZONE"] = "Asia/Seoul", ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) settings[k] = v;
        var app = ApiHost.Build(c => c.AddInMemoryCollection(settings), "http://127.0.0.1:0", s =>
        {
            // Only the web server runs: other areas' hosted services (the loader's scheduler) are not under test here.
            foreach (var hosted in s.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Namespace?.StartsWith("ControlPlane", StringComparison.Ordinal) == true).ToList())
                s.Remove(hosted);
            services?.Invoke(s);
        });
        await app.StartAsync();
        return new ApiTestServer(app, ListeningAddress.BaseUri(app.Services));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A clock that stands still until a test moves it.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
