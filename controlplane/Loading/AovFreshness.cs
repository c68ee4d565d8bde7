using ControlPlane.Elastic;
using ControlPlane.Http;

namespace ControlPlane.Loading;

/// <summary>The weekly AOV a run checks sales against: the transform's last checkpoint, and why it is stale (null when fresh).</summary>
public sealed record AovFreshness(DateTimeOffset? CheckpointAt, string? Stale)
{
    /// <summary>
    /// Reads the last checkpoint of the transform behind <c>platform_sales_week_per_price</c> (<c>GET _transform/ID/_stats</c>)
    /// once per run. Older than <paramref name="maxAge"/>, missing or unreadable is stale: the fraud rule then compares
    /// sales with an old weekly AOV (or none), which an operator must learn of. Never fails the run.
    /// </summary>
    public static async Task<AovFreshness> ReadAsync(ElasticsearchGateway es, TimeProvider time, TimeSpan maxAge, CancellationToken ct)
    {
        IReadOnlyList<TransformStats> stats;
        try
        {
            var ids = await es.TransformsBehindAliasAsync(IndexNames.WeeklyAov, ct).ConfigureAwait(false);
            stats = await es.TransformStatsAsync(ids, ct).ConfigureAwait(false);
        }
        catch (RestException ex)
        {
            return new AovFreshness(null, $"the weekly AOV transform's checkpoint could not be read ({ex.Message})");
        }
        var checkpoint = stats.Select(s => s.CheckpointAt).Where(t => t is not null).DefaultIfEmpty(null).Max();
        if (stats.Count == 0) return new AovFreshness(null, $"no transform writes {IndexNames.WeeklyAov}: run apply");
        if (checkpoint is not { } at) return new AovFreshness(null, $"the weekly AOV transform ({string.Join(", ", stats.Select(s => s.Id))}) has no checkpoint yet");
        var age = time.GetUtcNow() - at;
        return age > maxAge
            ? new AovFreshness(at, $"its last checkpoint is from {at:yyyy-MM-dd HH:mm:ss}Z, {age.TotalMinutes:0} min ago (Loader:AovMaxAge is {maxAge.TotalMinutes:0} min); state {string.Join(", ", stats.Select(s => $"{s.Id} {s.State}"))}")
            : new AovFreshness(at, null);
    }
}
