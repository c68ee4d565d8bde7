using System.Text.Json.Nodes;
using ControlPlane.Elastic;

namespace ControlPlane.Api;

/// <summary>
/// Newest-first paged search over <c>platform_sales</c> or <c>platform_fraud_sales</c>: sorted by <c>sold_at</c> desc then
/// <c>sale_id</c> desc (a keyword, so ties break the same way every time), paged with <c>search_after</c>. One extra hit is
/// asked for to know whether a next page exists, so the last page says <c>next: null</c> instead of leading to an empty one.
/// </summary>
public sealed class SaleSearch(ElasticsearchGateway es)
{
    public async Task<ItemPage<T>> SearchAsync<T>(
        string index, string[] fields, IReadOnlyList<JsonObject> filters, int size, string? searchAfter,
        Func<string, JsonObject, T> toItem, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["size"] = size + 1,
            ["track_total_hits"] = false,
            ["_source"] = new JsonArray(fields.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
            ["query"] = WithoutTombstones(Query(filters)),
            ["sort"] = new JsonArray(
                new JsonObject { [SaleFields.SoldAt] = new JsonObject { ["order"] = "desc" } },
                new JsonObject { [SaleFields.SaleId] = new JsonObject { ["order"] = "desc" } }),
        };
        if (searchAfter is not null) body["search_after"] = PageToken.Decode(searchAfter);

        var hits = await SearchHitsAsync(es, index, body, ct).ConfigureAwait(false);
        var items = hits.Take(size).Select(h => toItem(h["_id"]?.ToString() ?? "", h["_source"] as JsonObject ?? [])).ToList();
        var next = hits.Count > size && hits[size - 1]["sort"] is JsonArray sort ? PageToken.Encode((JsonArray)sort.DeepClone()) : null;
        return new ItemPage<T>(items, next);
    }

    /// <summary>A bool filter of the given clauses, or match_all when there are none.</summary>
    public static JsonObject Query(IReadOnlyList<JsonObject> filters) => filters.Count == 0
        ? new JsonObject { ["match_all"] = new JsonObject() }
        : new JsonObject { ["bool"] = new JsonObject { ["filter"] = new JsonArray(filters.Select(f => (JsonNode)f).ToArray()) } };

    /// <summary>
    /// <c>POST index/_search?ignore_unavailable=true</c>: before the first load the index does not exist yet, which is an
    /// empty answer, not an error. Any other Elasticsearch failure propagates (→ 502/503).
    /// </summary>
    public static async Task<IReadOnlyList<JsonObject>> SearchHitsAsync(ElasticsearchGateway es, string index, JsonObject body, CancellationToken ct)
    {
        var answer = await es.SearchAsync(index, body, $"searching {index}", ct).ConfigureAwait(false);
        return (answer["hits"]?["hits"] as JsonArray ?? []).OfType<JsonObject>().ToList();
    }

    /// <summary>The query without tombstones (<c>deleted: true</c>: deleted, moved-away or un-flagged sales; docs/assets.md, "Deletes").</summary>
    public static JsonObject WithoutTombstones(JsonObject query) => new()
    {
        ["bool"] = new JsonObject
        {
            ["filter"] = new JsonArray(query),
            ["must_not"] = new JsonArray(Tombstone.Match()),
        },
    };

    public static JsonObject Term(string field, bool value) => new() { ["term"] = new JsonObject { [field] = value } };

    public static JsonObject Term(string field, string value) => new() { ["term"] = new JsonObject { [field] = value } };

    public static JsonObject Range(string field, JsonObject bounds) => new() { ["range"] = new JsonObject { [field] = bounds } };
}
