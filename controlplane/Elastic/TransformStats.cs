using System.Globalization;
using System.Text.Json.Nodes;

namespace ControlPlane.Elastic;

/// <summary>
/// One transform as <c>GET _transform/ID/_stats</c> reports it: <c>state</c> (started, indexing, stopped, stopping,
/// aborting, failed), <c>health.status</c> (green, yellow, red, unknown) with the first issue or the failure
/// <c>reason</c>, and the last checkpoint (<c>checkpointing.last</c>: its number, <c>timestamp_millis</c> when it was
/// made, <c>time_upper_bound_millis</c> the newest sync time it covers).
/// </summary>
public sealed record TransformStats(
    string Id, string State, string Health, string? Problem, long? LastCheckpoint, DateTimeOffset? CheckpointAt, DateTimeOffset? CoversUpTo);

/// <summary>
/// Reads for transform health (https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-transform-get-transform-stats:
/// <c>{"count": N, "transforms": [{"id", "state", "reason"?, "stats", "checkpointing": {"last": {"checkpoint",
/// "timestamp_millis", "time_upper_bound_millis"}, "changes_last_detected_at", …}, "health": {"status", "issues"?}}]}</c>).
/// </summary>
public static class TransformStatsReader
{
    /// <summary>The transforms writing into <paramref name="alias"/>'s current index: by the asset contract, transform <c>NAME-vN</c> writes index <c>NAME-vN</c>.</summary>
    public static async Task<IReadOnlyList<string>> TransformsBehindAliasAsync(this ElasticsearchGateway es, string alias, CancellationToken ct)
    {
        var body = await es.GetOrNullAsync(ElasticPaths.Alias(alias), ct, $"alias {alias}").ConfigureAwait(false);
        return body is JsonObject indices ? indices.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList() : [];
    }

    /// <summary>Stats of the given transforms; one that does not exist (a 404: a concrete id is never "no match") is left out.</summary>
    public static async Task<IReadOnlyList<TransformStats>> TransformStatsAsync(this ElasticsearchGateway es, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var result = new List<TransformStats>();
        foreach (var id in ids)
        {
            var path = ElasticPaths.TransformStatsOf(id);
            var response = await es.SendAsync(System.Net.Http.HttpMethod.Get, path, null, ct).ConfigureAwait(false);
            if (response.StatusCode == 404) continue;
            if (!response.IsSuccess) throw es.ToException(System.Net.Http.HttpMethod.Get, path, response, "transform stats");
            result.AddRange((response.Body?["transforms"] as JsonArray ?? []).OfType<JsonObject>().Select(Read));
        }
        return result;
    }

    /// <summary>When the newest sale reached Elasticsearch (<c>ingested_at</c>, the field the transforms sync on); null when there is none.</summary>
    public static async Task<DateTimeOffset?> NewestSaleIngestedAtAsync(this ElasticsearchGateway es, CancellationToken ct)
    {
        var query = new JsonObject
        {
            ["size"] = 1, ["track_total_hits"] = false, ["_source"] = new JsonArray("ingested_at"),
            ["sort"] = new JsonArray(new JsonObject { ["ingested_at"] = new JsonObject { ["order"] = "desc", ["unmapped_type"] = "date" } }),
        };
        var response = await es.SendAsync(System.Net.Http.HttpMethod.Post, ElasticPaths.Search(IndexNames.Sales), query, ct).ConfigureAwait(false);
        if (response.StatusCode == 404) return null;
        if (!response.IsSuccess) throw es.ToException(System.Net.Http.HttpMethod.Post, ElasticPaths.Search(IndexNames.Sales), response, "newest sale");
        var text = response.Body?["hits"]?["hits"] is JsonArray { Count: > 0 } hits ? hits[0]?["_source"]?["ingested_at"]?.ToString() : null;
        return text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    private static TransformStats Read(JsonObject t)
    {
        var last = t["checkpointing"]?["last"];
        var issue = t["health"]?["issues"]?[0];
        var problem = t["reason"]?.ToString() ?? (issue is null ? null : $"{issue["issue"]}{(issue["details"] is { } d ? ": " + d : "")}");
        return new TransformStats(
            t["id"]?.ToString() ?? "?", t["state"]?.ToString() ?? "unknown", t["health"]?["status"]?.ToString() ?? "unknown", problem,
            last?["checkpoint"] is JsonValue c && c.TryGetValue(out long n) && n > 0 ? n : null,
            Millis(last?["timestamp_millis"]), Millis(last?["time_upper_bound_millis"]));
    }

    private static DateTimeOffset? Millis(JsonNode? n) => n is JsonValue v && v.TryGetValue(out long ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
