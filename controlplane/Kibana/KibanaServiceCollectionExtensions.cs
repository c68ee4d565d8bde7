using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Kibana;

public static class KibanaServiceCollectionExtensions
{
    /// <summary>Registers the services of Kibana/.</summary>
    public static IServiceCollection AddKibanaServices(this IServiceCollection services)
    {
        return services;
    }
}
