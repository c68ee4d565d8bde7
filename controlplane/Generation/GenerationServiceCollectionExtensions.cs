using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Generation;

public static class GenerationServiceCollectionExtensions
{
    /// <summary>Registers the services of Generation/.</summary>
    public static IServiceCollection AddGenerationServices(this IServiceCollection services)
    {
        return services;
    }
}
