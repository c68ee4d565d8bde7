using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Planning;

public static class PlanningServiceCollectionExtensions
{
    /// <summary>Registers the services of Planning/.</summary>
    public static IServiceCollection AddPlanningServices(this IServiceCollection services)
    {
        return services;
    }
}
