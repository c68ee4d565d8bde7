using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api;

/// <summary>
/// Rate limits of <c>/api</c> and the status page (ASP.NET Core rate limiting,
/// https://learn.microsoft.com/aspnet/core/performance/rate-limit): a fixed window of <see cref="ApiOptions.RateLimitPermits"/>
/// requests per <see cref="ApiOptions.RateLimitWindow"/>, partitioned by caller: the API key when the request carries the
/// right one, else the remote address (so wrong keys cannot mint fresh partitions). Over the limit: 429 problem+json with
/// <c>Retry-After</c> in seconds. <c>/healthz</c> is not limited: probes must not be turned away.
/// </summary>
public static class ApiRateLimiting
{
    public const string Policy = "per-caller";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.AddPolicy(Policy, context =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
            if (options.RateLimitPermits <= 0) return RateLimitPartition.GetNoLimiter("unlimited");
            return RateLimitPartition.GetFixedWindowLimiter(Partition(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.RateLimitPermits, Window = options.RateLimitWindow, QueueLimit = 0, AutoReplenishment = true,
            });
        });
        o.OnRejected = async (rejected, ct) =>
        {
            var window = rejected.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimitWindow;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await TypedResults.Problem(title: "Too many requests", statusCode: StatusCodes.Status429TooManyRequests,
                    detail: $"more than {rejected.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimitPermits} requests in {window.TotalSeconds:0} s from this caller; retry after {seconds} s")
                .ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
        };
    });

    /// <summary>The caller a request counts against: its valid API key, or its remote address.</summary>
    public static string Partition(HttpContext context) =>
        context.RequestServices.GetRequiredService<ApiKeyCheck>().HasKey(context.Request)
            ? "key"
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
