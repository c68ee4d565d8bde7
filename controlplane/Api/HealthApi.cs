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

/// <summary>
/// <c>GET /healthz</c> (open, for probes): 200 with the cluster when Elasticsearch answers, 503 naming what failed otherwise.
/// <c>GET /healthz/detail</c> needs X-Api-Key when API_KEY is set.
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync)
            .WithName("Health")
            .WithSummary("Liveness and Elasticsearch reachability")
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/healthz/detail", DetailAsync)
            .AddEndpointFilter<ApiKeyFilter>() // transform problems name indices and errors: an operator's view
            .RequireRateLimiting(ApiRateLimiting.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("HealthDetail")
            .WithSummary("Elasticsearch and each AOV transform's state, health, last checkpoint and lag; 'degraded' when one is not healthy")
            .Produces<HealthDetail>(StatusCodes.Status503ServiceUnavailable);
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

    /// <summary>
    /// <c>GET /healthz/detail</c>: the liveness answer plus the AOV transforms. 200 while Elasticsearch answers (a lagging
    /// transform is not a reason to restart this process), with <c>status: degraded</c> when a transform is not healthy.
    /// </summary>
    public static async Task<Results<Ok<HealthDetail>, JsonHttpResult<HealthDetail>>> DetailAsync(
        [FromKeyedServices(ApiServiceCollectionExtensions.ProbeClient)] ElasticsearchGateway es, IOptionsMonitor<RestTransportOptions> connections, IOptions<ApiOptions> options,
        TransformHealthService transforms, CancellationToken ct)
    {
        var live = await CheckAsync(es, connections, options, ct).ConfigureAwait(false);
        if (live.Result is JsonHttpResult<HealthReport> down)
            return TypedResults.Json(new HealthDetail(down.Value!.Status, down.Value, [], null), statusCode: StatusCodes.Status503ServiceUnavailable);
        var report = ((Ok<HealthReport>)live.Result).Value!;
        var (items, error) = await transforms.ReadAsync(ct).ConfigureAwait(false);
        var healthy = error is null && items.All(t => t.Condition == TransformCondition.Healthy);
        var detail = items.Select(t => new TransformHealthItem(t.Alias, t.Id, t.ConditionText, t.State, t.Health, t.Problem, t.Checkpoint, t.CheckpointAt,
            t.Lag is { } lag ? (long)lag.TotalSeconds : null)).ToList();
        return TypedResults.Ok(new HealthDetail(healthy ? "ok" : "degraded", report, detail, error));
    }

    private static JsonHttpResult<HealthReport> Unavailable(string reason) =>
        TypedResults.Json(new HealthReport("unavailable", null, null, "elasticsearch", reason), statusCode: StatusCodes.Status503ServiceUnavailable);
}

/// <summary>The answer of <c>/healthz</c>; <see cref="Failed"/> names the dependency that failed and <see cref="Reason"/> why.</summary>
public sealed record HealthReport(string Status, string? ClusterName, string? ElasticsearchVersion, string? Failed, string? Reason);

/// <summary>The answer of <c>/healthz/detail</c>: <c>ok</c>, <c>degraded</c> (a transform is not healthy or could not be read) or <c>unavailable</c>.</summary>
public sealed record HealthDetail(string Status, HealthReport Elasticsearch, IReadOnlyList<TransformHealthItem> Transforms, string? TransformsError);

/// <summary>One AOV transform in <c>/healthz/detail</c>; <see cref="LagSeconds"/> behind the newest sale, null when unknown.</summary>
public sealed record TransformHealthItem(
    string Alias, string? Id, string Condition, string State, string Health, string? Problem, long? Checkpoint, DateTimeOffset? CheckpointAt, long? LagSeconds);
