using ControlPlane.Assets;
using ControlPlane.Planning;
using ControlPlane.Loading;
using ControlPlane.Kibana;
using ControlPlane.Api;
using ControlPlane.Generation;
using ControlPlane.Configuration;
using ControlPlane.Elastic;
using ControlPlane.Http;
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
        services.AddOptions<ControlPlaneOptions>().Configure(o =>
        {
            o.Root = Settings.Get(config, "CONTROLPLANE_ROOT") ?? o.Root;
            o.MySqlConnection = Settings.GetSecret(config, "MYSQL_CONNECTION");
            o.CardHmacKey = Settings.GetSecret(config, "CARD_HMAC_KEY");
            o.ApiKey = Settings.GetSecret(config, "API_KEY");
        });
        services.AddSingleton(sp => new Assets.AssetRoot(sp.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.Root));

        services.AddRestEndpoint(ConnectionOptionsSetup.Elasticsearch, "ES_", config);
        services.AddRestEndpoint(ConnectionOptionsSetup.Kibana, "KIBANA_", config);
        services.AddSingleton(sp => new ElasticsearchClient(sp.GetRequiredKeyedService<JsonRestTransport>(ConnectionOptionsSetup.Elasticsearch)));

        return services
            .AddAssetServices()
            .AddPlanningServices()
            .AddLoadingServices()
            .AddKibanaServices()
            .AddApiServices()
            .AddGenerationServices()
            .AddStreamingServices(config);
    }

    /// <summary>A named HttpClient from IHttpClientFactory plus a keyed <see cref="JsonRestTransport"/> over it.</summary>
    private static void AddRestEndpoint(this IServiceCollection services, string name, string prefix, IConfiguration config)
    {
        services.AddOptions<RestTransportOptions>(name).Configure(o => ConnectionOptionsSetup.Bind(config, prefix, o));
        services.AddHttpClient(name)
            .ConfigureHttpClient((sp, c) => RestHttpClientSetup.Configure(c, Options(sp, name), name))
            .ConfigurePrimaryHttpMessageHandler(sp => RestHttpClientSetup.CreateHandler(Options(sp, name)));
        services.AddKeyedSingleton(name, (sp, _) => new JsonRestTransport(
            name, sp.GetRequiredService<IHttpClientFactory>().CreateClient(name), Options(sp, name), sp.GetRequiredService<TimeProvider>()));
    }

    private static RestTransportOptions Options(IServiceProvider sp, string name) =>
        sp.GetRequiredService<IOptionsMonitor<RestTransportOptions>>().Get(name);
}
