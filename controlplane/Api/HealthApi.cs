using ControlPlane.Configuration;
using ControlPlane.Elastic;
using ControlPlane.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api;

/// <summary><c>GET /healthz</c> (open): 200 with the cluster when Elasticsearch answers, 503 naming what failed otherwise.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync)
            .WithName("Health")
            .WithSummary("Liveness and Elasticsearch reachability")
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(
        [FromKeyedServices(ApiServiceCollectionExtensions.ProbeClient)] ElasticsearchGateway es, IOptionsMonitor<RestTransportOptions> connections, IOptions<ApiOptions> options, CancellationToken ct)
    {
        if (!connections.Get(ConnectionOptionsSetup.Elasticsearch).IsConfigured)
            return Unavailable("ES_URL is not set");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.ElasticsearchTimeout);
        try
        {
            var info = await es.GetClusterInfoAsync(timeout.Token).ConfigureAwait(false);
            return TypedResults.Ok(new HealthReport("ok", info.ClusterName, info.VersionText, null, null));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return Unavailable($"no answer within {options.Value.ElasticsearchTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is RestException or InvalidOperationException)
        {
            return Unavailable(ex.Message);
        }
    }

    private static JsonHttpResult<HealthReport> Unavailable(string reason) =>
        TypedResults.Json(new HealthReport("unavailable", null, null, "elasticsearch", reason), statusCode: StatusCodes.Status503ServiceUnavailable);
}

/// <summary>The answer of <c>/healthz</c>; <see cref="Failed"/> names the dependency that failed and <see cref="Reason"/> why.</summary>
public sealed record HealthReport(string Status, string? ClusterName, string? ElasticsearchVersion, string? Failed, string? Reason);
