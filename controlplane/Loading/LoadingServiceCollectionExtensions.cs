using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Loading;

public static class LoadingServiceCollectionExtensions
{
    /// <summary>Registers the services of Loading/.</summary>
    public static IServiceCollection AddLoadingServices(this IServiceCollection services)
    {
        return services;
    }
}
