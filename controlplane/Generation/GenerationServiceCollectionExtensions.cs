using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Generation;

public static class GenerationServiceCollectionExtensions
{
    /// <summary>Registers the services of Generation/: the sales generator behind <c>generate</c> and <c>bench</c>.</summary>
    public static IServiceCollection AddGenerationServices(this IServiceCollection services)
    {
        services.AddSingleton<SalesGenerator>();
        return services;
    }
}
