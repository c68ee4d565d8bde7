using ControlPlane.Assets;
using ControlPlane.Configuration;
using ControlPlane.Http;
using ControlPlane.Planning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Kibana;

public static class KibanaServiceCollectionExtensions
{
    /// <summary>Registers the services of Kibana/: the client, the importer, the offline check and the plan section.</summary>
    public static IServiceCollection AddKibanaServices(this IServiceCollection services)
    {
        services.AddOptions<KibanaOptions>().Configure<IConfiguration>((o, config) => o.Space = Settings.Get(config, "KIBANA_SPACE") ?? o.Space);
        services.AddSingleton(sp => new KibanaClient(sp.GetRequiredKeyedService<JsonRestTransport>(ConnectionOptionsSetup.Kibana)));
        services.AddSingleton<SavedObjectImporter>();
        services.AddSingleton<IAssetCheck, SavedObjectsCheck>();
        services.AddSingleton<IPlanSection, KibanaPlanSection>();
        return services;
    }
}
