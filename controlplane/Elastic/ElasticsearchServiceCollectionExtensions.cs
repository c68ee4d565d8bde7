using ControlPlane.Configuration;
using ControlPlane.Http;
using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ControlPlane.Elastic;

public static class ElasticsearchServiceCollectionExtensions
{
    /// <summary>The ActivitySource Elastic.Transport emits a span per request on (db.system=elasticsearch).</summary>
    public const string TransportActivitySource = "Elastic.Transport";

    /// <summary>
    /// The ES_* settings, one official <see cref="ElasticsearchClient"/> (thread-safe, holds the connection pool) and the
    /// <see cref="ElasticsearchGateway"/> the rest of the control plane calls.
    /// </summary>
    public static IServiceCollection AddElasticsearchServices(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<RestTransportOptions>(ConnectionOptionsSetup.Elasticsearch).Configure(o => ConnectionOptionsSetup.Bind(config, "ES_", o));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<RestTransportOptions>>().Get(ConnectionOptionsSetup.Elasticsearch);
            return new ElasticsearchGateway(
                new Lazy<ElasticsearchClient>(() => new ElasticsearchClient(ElasticsearchConnection.CreateSettings(options))),
                new ElasticsearchRetry(options.MaxRetries, options.RetryBaseDelay, sp.GetRequiredService<TimeProvider>()));
        });
        services.AddOpenTelemetryWhenConfigured(config);
        return services;
    }

    /// <summary>
    /// Traces go out only when asked for: OTEL_EXPORTER_OTLP_ENDPOINT sends the transport's spans over OTLP (the exporter
    /// reads the standard OTEL_* settings itself), OTEL_TRACES_EXPORTER=console prints them. Without either nothing listens
    /// and the client skips building span data.
    /// </summary>
    private static void AddOpenTelemetryWhenConfigured(this IServiceCollection services, IConfiguration config)
    {
        var otlp = Settings.Get(config, "OTEL_EXPORTER_OTLP_ENDPOINT") is not null;
        var console = string.Equals(Settings.Get(config, "OTEL_TRACES_EXPORTER"), "console", StringComparison.OrdinalIgnoreCase);
        if (!otlp && !console) return;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(Settings.Get(config, "OTEL_SERVICE_NAME") ?? "controlplane"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(TransportActivitySource);
                if (otlp) tracing.AddOtlpExporter();
                if (console) tracing.AddConsoleExporter();
            });
    }
}
