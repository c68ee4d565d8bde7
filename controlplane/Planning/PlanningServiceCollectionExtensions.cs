using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Planning;

public static class PlanningServiceCollectionExtensions
{
    /// <summary>Registers the services of Planning/: the Elasticsearch plan section and the service that runs every section.</summary>
    public static IServiceCollection AddPlanningServices(this IServiceCollection services)
    {
        services.AddSingleton<ElasticsearchPlanner>();
        services.AddSingleton<ElasticsearchApplier>();
        services.AddSingleton<AssetReadiness>();
        services.AddSingleton<IPlanSection, ElasticsearchPlanSection>();
        services.AddSingleton<PlanService>();
        return services;
    }
}
