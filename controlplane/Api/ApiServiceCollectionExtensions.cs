using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>Registers the services of Api/.</summary>
    public static IServiceCollection AddApiServices(this IServiceCollection services)
    {
        return services;
    }
}
