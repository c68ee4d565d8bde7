using ControlPlane.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>Registers the services of Api/ (the web-only ones, OpenAPI and problem details, are added by <see cref="ApiHost"/>).</summary>
    public static IServiceCollection AddApiServices(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().Configure<IConfiguration>((o, config) =>
        {
            o.TimeZone = Settings.Get(config, "API_TIME_ZONE") ?? o.TimeZone;
            if (int.TryParse(Settings.Get(config, "API_DRIFT_CACHE_SECONDS"), out var seconds)) o.DriftCacheDuration = TimeSpan.FromSeconds(Math.Max(0, seconds));
        }).Validate(o =>
        {
            try { _ = o.TimeZoneInfo; return true; }
            catch (TimeZoneNotFoundException) { return false; }
        }, "API_TIME_ZONE is not a known IANA time zone").ValidateOnStart();
        services.AddSingleton<SaleSearch>();
        services.AddSingleton<DriftCheck>();
        services.AddSingleton<StatusService>();
        services.AddSingleton<ApiKeyFilter>();
        services.AddSingleton<ApiErrorFilter>();
        return services;
    }
}
