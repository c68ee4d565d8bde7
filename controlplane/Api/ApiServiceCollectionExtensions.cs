using ControlPlane.Configuration;
using ControlPlane.Elastic;
using ControlPlane.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// Key of an <see cref="ElasticsearchGateway"/> that does not retry, for <c>/healthz</c> and the status page: a probe
    /// reports what it sees at once instead of retrying for seconds while an operator waits.
    /// </summary>
    public const string ProbeClient = "elasticsearch-probe";

    /// <summary>Registers the services of Api/ (the web-only ones, OpenAPI and problem details, are added by <see cref="ApiHost"/>).</summary>
    public static IServiceCollection AddApiServices(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().Configure<IConfiguration>((o, config) =>
        {
            o.TimeZone = Settings.Get(config, "API_TIME_ZONE") ?? o.TimeZone;
            if (int.TryParse(Settings.Get(config, "API_DRIFT_CACHE_SECONDS"), out var seconds)) o.DriftCacheDuration = TimeSpan.FromSeconds(Math.Max(0, seconds));
            if (int.TryParse(Settings.Get(config, "API_TRANSFORM_LAG_WARNING_MINUTES"), out var minutes)) o.TransformLagWarning = TimeSpan.FromMinutes(Math.Max(1, minutes));
            if (int.TryParse(Settings.Get(config, "API_RATE_LIMIT_PERMITS"), out var permits)) o.RateLimitPermits = Math.Max(0, permits);
            if (int.TryParse(Settings.Get(config, "API_RATE_LIMIT_WINDOW_SECONDS"), out var window)) o.RateLimitWindow = TimeSpan.FromSeconds(Math.Max(1, window));
            if (bool.TryParse(Settings.Get(config, "API_ALLOW_ANONYMOUS"), out var anonymous)) o.AllowAnonymous = anonymous;
        }).Validate(o =>
        {
            try { _ = o.TimeZoneInfo; return true; }
            catch (TimeZoneNotFoundException) { return false; }
        }, "API_TIME_ZONE is not a known IANA time zone").ValidateOnStart();
        services.AddKeyedSingleton(ProbeClient, (sp, _) => sp.GetRequiredService<ElasticsearchGateway>().WithoutRetries());
        services.AddSingleton<SaleSearch>();
        services.AddSingleton<DriftCheck>();
        services.AddSingleton<StatusService>();
        services.AddSingleton<TransformHealthService>();
        services.AddSingleton<ApiKeyCheck>();
        services.AddSingleton<ApiKeyFilter>();
        services.AddSingleton<ApiErrorFilter>();
        return services;
    }
}
