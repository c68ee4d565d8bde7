using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Assets;

public static class AssetServiceCollectionExtensions
{
    /// <summary>Registers the services of Assets/.</summary>
    public static IServiceCollection AddAssetServices(this IServiceCollection services)
    {
        return services;
    }
}
