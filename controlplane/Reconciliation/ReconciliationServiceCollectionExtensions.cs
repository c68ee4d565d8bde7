using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Reconciliation;

public static class ReconciliationServiceCollectionExtensions
{
    /// <summary>Registers the services of Reconciliation/.</summary>
    public static IServiceCollection AddReconciliationServices(this IServiceCollection services)
    {
        services.AddSingleton<ReconcileService>();
        return services;
    }
}
