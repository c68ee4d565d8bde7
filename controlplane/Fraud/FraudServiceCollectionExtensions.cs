using ControlPlane.Assets;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Fraud;

public static class FraudServiceCollectionExtensions
{
    /// <summary>Registers the services of Fraud/ (called from AddLoadingServices: the fraud check is a stage of the loader).</summary>
    public static IServiceCollection AddFraudServices(this IServiceCollection services)
    {
        services.AddSingleton<IAssetCheck, FraudRuleAssetCheck>();
        services.AddSingleton<FraudLookups>();
        return services;
    }
}
