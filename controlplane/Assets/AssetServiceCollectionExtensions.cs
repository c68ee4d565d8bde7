using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Assets;

public static class AssetServiceCollectionExtensions
{
    /// <summary>Registers the services of Assets/: validate's checks for files not read, Elasticsearch assets and sources, and the validator that runs every check.</summary>
    public static IServiceCollection AddAssetServices(this IServiceCollection services)
    {
        services.AddSingleton<IAssetCheck, AssetInventory>();
        services.AddSingleton<IAssetCheck, ElasticsearchAssetCheck>();
        services.AddSingleton<IAssetCheck, SourceAssetCheck>();
        services.AddSingleton<AssetValidator>();
        return services;
    }
}
