using ControlPlane.Elastic;
using ControlPlane.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api;

/// <summary>
/// The AOV transforms' health for the status page and <c>/healthz/detail</c>: the fraud check is only as good as the
/// weekly AOV it reads, so a stopped, failed or lagging transform must be visible where operators look.
/// Lag = newest sale's <c>ingested_at</c> − the last checkpoint's upper time bound (what it has covered).
/// </summary>
public sealed class TransformHealthService(
    [FromKeyedServices(ApiServiceCollectionExtensions.ProbeClient)] ElasticsearchGateway es, IOptions<ApiOptions> options, ILogger<TransformHealthService> logger)
{
    /// <summary>The transform outputs the fraud check depends on, in dependency order (weekly reads daily).</summary>
    public static readonly IReadOnlyList<string> AovAliases = [IndexNames.DailyAov, IndexNames.WeeklyAov];

    /// <summary>Each AOV transform's health, or the reason none could be read.</summary>
    public async Task<(IReadOnlyList<TransformHealth> Transforms, string? Error)> ReadAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.ElasticsearchTimeout);
        try
        {
            var newest = await es.NewestSaleIngestedAtAsync(timeout.Token).ConfigureAwait(false);
            var result = new List<TransformHealth>();
            foreach (var alias in AovAliases)
            {
                var ids = await es.TransformsBehindAliasAsync(alias, timeout.Token).ConfigureAwait(false);
                var stats = await es.TransformStatsAsync(ids, timeout.Token).ConfigureAwait(false);
                if (stats.Count == 0) result.Add(new TransformHealth(alias, ids.FirstOrDefault(), "missing", "unknown", $"no transform writes {alias}: run apply", null, null, null, TransformCondition.Missing));
                foreach (var s in stats) result.Add(Assess(alias, s, newest));
            }
            return (result, null);
        }
        catch (Exception ex) when (ex is RestException || (ex is OperationCanceledException && timeout.IsCancellationRequested && !ct.IsCancellationRequested))
        {
            var reason = ex is RestException ? ex.Message : $"Elasticsearch did not answer within {options.Value.ElasticsearchTimeout.TotalSeconds:0} s";
            ApiLog.StatusReadFailed(logger, "transform stats", reason);
            return ([], reason);
        }
    }

    private TransformHealth Assess(string alias, TransformStats s, DateTimeOffset? newest)
    {
        var covered = s.CoversUpTo ?? s.CheckpointAt;
        TimeSpan? lag = newest is { } n && covered is { } c ? (n > c ? n - c : TimeSpan.Zero) : null;
        var condition = (s.State, s.Health) switch
        {
            ("failed", _) or (_, "red") => TransformCondition.Failed,
            ("stopped" or "stopping" or "aborting", _) => TransformCondition.Stopped,
            _ when newest is not null && covered is null => TransformCondition.Lagging, // sales, but no checkpoint yet
            _ when lag > options.Value.TransformLagWarning => TransformCondition.Lagging,
            _ => TransformCondition.Healthy,
        };
        return new TransformHealth(alias, s.Id, s.State, s.Health, s.Problem, s.LastCheckpoint, s.CheckpointAt, lag, condition);
    }
}
