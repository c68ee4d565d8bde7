using ControlPlane.Assets;
using ControlPlane.Fraud;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Streaming;

public static class StreamingServiceCollectionExtensions
{
    /// <summary>Registers the services of Streaming/: validate's checks of stream sources and payment rules.</summary>
    public static IServiceCollection AddStreamingServices(this IServiceCollection services)
    {
        services.AddSingleton<IAssetCheck, StreamSourceAssetCheck>();
        services.AddSingleton<IAssetCheck, PaymentRuleAssetCheck>();
        return services;
    }
}
