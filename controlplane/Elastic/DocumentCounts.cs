using System.Text.Json.Nodes;

namespace ControlPlane.Elastic;

/// <summary>How many documents of one source the indices hold now: distinct documents, whatever the runs re-read.</summary>
public sealed record SourceDocumentCounts(long? Sales, long? Flagged, long? DeadLettered);

/// <summary>
/// <c>_count</c> reads for the status page (https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-count:
/// <c>POST INDEX/_count</c> with a <c>query</c>, answered <c>{"count": N, "_shards": …}</c>; a missing index is a 404).
/// </summary>
public static class DocumentCounts
{
    /// <summary>Documents matching <paramref name="query"/> in <paramref name="index"/>; null when the index does not exist.</summary>
    public static async Task<long?> CountAsync(this ElasticsearchGateway es, string index, JsonObject query, CancellationToken ct)
    {
        var response = await es.SendAsync(System.Net.Http.HttpMethod.Post, ElasticPaths.Count(index), new JsonObject { ["query"] = query }, ct).ConfigureAwait(false);
        if (response.StatusCode == 404) return null;
        if (!response.IsSuccess) throw es.ToException(System.Net.Http.HttpMethod.Post, ElasticPaths.Count(index), response, $"counting {index}");
        return response.Body?["count"]?.GetValue<long>();
    }

    /// <summary>A source's documents in the sales, fraud and dead-letter indices (each carries <c>source</c>), counted in parallel.</summary>
    public static async Task<SourceDocumentCounts> CountSourceAsync(this ElasticsearchGateway es, string source, CancellationToken ct)
    {
        JsonObject BySource() => new() { ["term"] = new JsonObject { ["source"] = source } };
        var sales = es.CountAsync(IndexNames.Sales, BySource(), ct);
        var flagged = es.CountAsync(IndexNames.FraudSales, BySource(), ct);
        var dead = es.CountAsync(IndexNames.DeadLetter, BySource(), ct);
        await Task.WhenAll(sales, flagged, dead).ConfigureAwait(false);
        return new SourceDocumentCounts(await sales.ConfigureAwait(false), await flagged.ConfigureAwait(false), await dead.ConfigureAwait(false));
    }
}
