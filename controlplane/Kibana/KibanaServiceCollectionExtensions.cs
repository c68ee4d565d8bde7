using ControlPlane.Assets;
using ControlPlane.Configuration;
using ControlPlane.Http;
using ControlPlane.Planning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace ControlPlane.Kibana;

public static class KibanaServiceCollectionExtensions
{
    /// <summary>The named HttpClient for probes (doctor): same address, auth and TLS, no retries.</summary>
    public const string ProbeClient = "kibana-probe";

    /// <summary>Registers the services of Kibana/: the client, the importer, the offline check and the plan section.</summary>
    public static IServiceCollection AddKibanaServices(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<RestTransportOptions>(ConnectionOptionsSetup.Kibana).Configure(o => ConnectionOptionsSetup.Bind(config, "KIBANA_", o));
        var resilience = services.AddHttpClient(ConnectionOptionsSetup.Kibana)
            .ConfigureHttpClient((sp, c) => RestHttpClientSetup.Configure(c, Options(sp), ConnectionOptionsSetup.Kibana))
            .ConfigurePrimaryHttpMessageHandler(sp => RestHttpClientSetup.CreateHandler(Options(sp)))
            // Retries 429/5xx/408 and connection errors with jittered backoff, per-attempt and total timeouts, a circuit breaker.
            .AddStandardResilienceHandler();
        services.AddOptions<HttpStandardResilienceOptions>(resilience.PipelineName)
            .Configure<IOptionsMonitor<RestTransportOptions>>((o, all) =>
            {
                var kibana = all.Get(ConnectionOptionsSetup.Kibana);
                o.AttemptTimeout.Timeout = kibana.Timeout;
                o.TotalRequestTimeout.Timeout = kibana.Timeout * (Math.Clamp(kibana.MaxRetries, 0, 20) + 1) + TimeSpan.FromMinutes(1);
                o.CircuitBreaker.SamplingDuration = kibana.Timeout * 2; // the handler requires at least twice the attempt timeout
                o.Retry.Delay = kibana.RetryBaseDelay;
                o.Retry.MaxRetryAttempts = Math.Clamp(kibana.MaxRetries, 1, 20);
                if (kibana.MaxRetries <= 0) o.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
            });
        services.AddHttpClient(ProbeClient)
            .ConfigureHttpClient((sp, c) => RestHttpClientSetup.Configure(c, Options(sp), ConnectionOptionsSetup.Kibana))
            .ConfigurePrimaryHttpMessageHandler(sp => RestHttpClientSetup.CreateHandler(Options(sp)));
        services.AddOptions<KibanaOptions>().Configure<IConfiguration>((o, config) => o.Space = Settings.Get(config, "KIBANA_SPACE") ?? o.Space);
        services.AddSingleton(sp =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            // A client per call: IHttpClientFactory rotates the handlers underneath (DNS changes), the singleton only holds the factory.
            return new KibanaClient(new KibanaHttp(() => factory.CreateClient(ConnectionOptionsSetup.Kibana)));
        });
        services.AddSingleton<SavedObjectImporter>();
        services.AddSingleton<IAssetCheck, SavedObjectsCheck>();
        services.AddSingleton<IPlanSection, KibanaPlanSection>();
        return services;
    }

    private static RestTransportOptions Options(IServiceProvider sp) =>
        sp.GetRequiredService<IOptionsMonitor<RestTransportOptions>>().Get(ConnectionOptionsSetup.Kibana);
}
