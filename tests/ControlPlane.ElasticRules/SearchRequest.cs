using System.Text.Json;

namespace ControlPlane.ElasticRules;

/// <summary>
/// What the rules read of a <c>_search</c> (or <c>_count</c>) body: <c>size</c> (default 10), <c>from</c>,
/// <c>track_total_hits</c>, <c>_source</c>, <c>query</c>, <c>sort</c>, <c>search_after</c>
/// (https://www.elastic.co/guide/en/elasticsearch/reference/current/search-search.html#search-search-api-request-body).
/// Other keys are the caller's to answer or refuse (the fake runs <c>aggs</c>; the bench's stand-in refuses them).
/// </summary>
public sealed class SearchRequest
{
    /// <summary><c>index.max_result_window</c>'s default.</summary>
    public const int MaxResultWindow = 10_000;

    public int Size { get; private init; } = 10;
    public int From { get; private init; }
    public bool TrackTotalHits { get; private init; } = true;
    public SourceFilter Source { get; private init; } = SourceFilter.All;
    public Query Query { get; private init; } = Query.All;
    public SearchSort Sort { get; private init; } = SearchSort.None;
    public IReadOnlyList<JsonElement>? SearchAfter { get; private init; }
    /// <summary>The body's top-level keys.</summary>
    public IReadOnlyList<string> Keys { get; private init; } = [];

    public static SearchRequest Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty) return new SearchRequest();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new QueryParsingException($"failed to parse the search body: {ex.Message}");
        }
        using (document) return Parse(document.RootElement);
    }

    public static SearchRequest Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new QueryParsingException("the search body must be a JSON object");
        JsonElement? Get(string name) => root.TryGetProperty(name, out var v) ? v : null;
        var request = new SearchRequest
        {
            Size = Get("size") is { ValueKind: JsonValueKind.Number } size ? size.GetInt32() : 10,
            From = Get("from") is { ValueKind: JsonValueKind.Number } from ? from.GetInt32() : 0,
            TrackTotalHits = Get("track_total_hits") is not { ValueKind: JsonValueKind.False },
            Source = SourceFilter.Parse(Get("_source")),
            Query = Query.Parse(Get("query")),
            Sort = SearchSort.Parse(Get("sort")),
            SearchAfter = Get("search_after") is { ValueKind: JsonValueKind.Array } after ? after.EnumerateArray().Select(e => e.Clone()).ToList() : null,
            Keys = root.EnumerateObject().Select(p => p.Name).ToList(),
        };
        if (request.Size < 0 || request.From < 0)
            throw new QueryParsingException($"[{(request.Size < 0 ? "size" : "from")}] parameter cannot be negative", "illegal_argument_exception");
        if (request.From + request.Size > MaxResultWindow)
            throw new QueryParsingException($"Result window is too large, from + size must be less than or equal to: [{MaxResultWindow}] but was [{request.From + request.Size}].", "illegal_argument_exception");
        return request;
    }

    /// <summary>
    /// The matching documents in hit order (the sort, ties and no sort in <paramref name="matched"/>'s order), those
    /// after <c>search_after</c>, then <c>from</c>/<c>size</c>; each hit with its sort values.
    /// </summary>
    public SearchPage<T> Page<T>(IEnumerable<T> matched, Func<T, IDocumentFields> read)
    {
        var hits = new List<(T Item, FieldValue?[]? Keys)>();
        long order = 0;
        foreach (var item in matched) hits.Add((item, Sort.IsEmpty ? null : Sort.KeysOf(read(item), order++)));
        var total = hits.Count;
        if (!Sort.IsEmpty) hits = hits.OrderBy(h => h.Keys!, Comparer<FieldValue?[]>.Create(Sort.Compare)).ToList();
        if (SearchAfter is { } after) hits = hits.Where(h => Sort.CompareToSearchAfter(h.Keys ?? Sort.KeysOf(read(h.Item), 0), after) > 0).ToList();
        return new SearchPage<T>(total, hits.Skip(From).Take(Size).ToList());
    }
}

/// <summary>A search's answer before it is written: how many matched, and the page of hits with their sort values (null without a sort).</summary>
public sealed record SearchPage<T>(int Total, IReadOnlyList<(T Item, FieldValue?[]? Keys)> Hits);
