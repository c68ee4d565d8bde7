using ControlPlane.Assets;
using ControlPlane.Planning;
using ControlPlane.Loading;
using ControlPlane.Reconciliation;
using ControlPlane.Kibana;
using ControlPlane.Api;
using ControlPlane.Generation;
using ControlPlane.Configuration;
using ControlPlane.Elastic;
using ControlPlane.Http;
using ControlPlane.Doctor;
using ControlPlane.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane;

/// <summary>Composition of the whole control plane; each area adds its own services in its own extension.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddControlPlane(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(TimeProvider.System);
        // Logs go to stderr (every command and serve), so stdout carries only results (plan lines, summaries) for scripts.
        services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace);
        services.AddOptions<ControlPlaneOptions>().Configure(o =>
        {
            o.Root = Settings.Get(config, "CONTROLPLANE_ROOT") ?? o.Root;
            o.MySqlConnection = Settings.GetSecret(config, "MYSQL_CONNECTION");
            o.CardHmacKey = Settings.GetSecret(config, "CARD_HMAC_KEY");
            o.CardHmacKeyId = Settings.Get(config, "CARD_HMAC_KEY_ID") is { Length: > 0 } id ? id : o.CardHmacKeyId;
            o.CardHmacPreviousKey = Settings.GetSecret(config, "CARD_HMAC_PREVIOUS_KEY");
            o.CardHmacPreviousKeyId = Settings.Get(config, "CARD_HMAC_PREVIOUS_KEY_ID");
            o.ApiKey = Settings.GetSecret(config, "API_KEY");
        });
        services.AddSingleton(sp => new Assets.AssetRoot(sp.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.Root));

        services.AddElasticsearchServices(config);

        return services
            .AddAssetServices()
            .AddPlanningServices()
            .AddLoadingServices()
            .AddReconciliationServices()
            .AddKibanaServices(config)
            .AddApiServices()
            .AddGenerationServices()
            .AddDoctorServices()
            .AddStreamingServices(config);
    }
}
