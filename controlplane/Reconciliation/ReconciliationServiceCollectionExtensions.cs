using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Reconciliation;

public static class ReconciliationServiceCollectionExtensions
{
    /// <summary>Registers the services of Reconciliation/.</summary>
    public static IServiceCollection AddReconciliationServices(this IServiceCollection services)
    {
        services.AddOptions<ReconcileOptions>().BindConfiguration(ReconcileOptions.Section);
        services.AddSingleton<ReconcileService>();
        services.AddSingleton<ReconcileStatus>();
        services.AddSingleton<ReconcileScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ReconcileScheduler>());
        return services;
    }
}
