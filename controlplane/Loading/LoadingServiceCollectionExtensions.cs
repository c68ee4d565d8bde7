using ControlPlane.Fraud;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Loading;

public static class LoadingServiceCollectionExtensions
{
    /// <summary>Registers the services of Loading/ (and Fraud/, its fraud-check stage).</summary>
    public static IServiceCollection AddLoadingServices(this IServiceCollection services)
    {
        services.AddOptions<LoaderOptions>().BindConfiguration(LoaderOptions.Section);
        services.AddFraudServices();
        services.AddSingleton<ChangeReader>();
        services.AddSingleton<LoaderStateStore>();
        services.AddSingleton<TransformTrigger>();
        services.AddSingleton<LoadService>();
        services.AddSingleton<LoaderScheduler>();
        // Only `serve` starts the host, so only `serve` runs the schedules in the background.
        services.AddHostedService(sp => sp.GetRequiredService<LoaderScheduler>());
        return services;
    }
}
