using System.Globalization;
using System.Text.Json;

namespace ControlPlane.Bench;

/// <summary>A query clause the sink understands: <c>terms</c>/<c>term</c>/<c>ids</c> (values) or <c>range</c> (bounds).</summary>
internal sealed record SinkClause(string Type, string Field, IReadOnlyList<string> Values, string? Gte = null, string? Gt = null, string? Lte = null, string? Lt = null);

/// <summary>Thrown for a request the sink cannot answer; becomes a 400 naming what it did not understand.</summary>
internal sealed class SinkQueryException(string message) : Exception(message);

/// <summary>
/// The parts of a <c>_search</c> body the sink reads: size, from, track_total_hits, _source filtering, a query made of
/// filter clauses (bool filter/must of term, terms, ids, range; bool must_not of term; match_all), sort and search_after. Anything else is
/// refused by name rather than answered wrongly.
/// </summary>
internal sealed class SinkSearchRequest
{
    public const int MaxResultWindow = 10_000;

    public int Size { get; private init; } = 10;
    public int From { get; private init; }
    public bool TrackTotalHits { get; private init; } = true;
    /// <summary>Null: the whole <c>_source</c>; empty: none (<c>_source: false</c>); else these fields.</summary>
    public HashSet<string>? Source { get; private init; }
    public List<SinkClause> Clauses { get; } = [];
    /// <summary><c>bool.should</c> alternatives (with <c>minimum_should_match: 1</c>): a hit matches <see cref="Clauses"/> and one of these.</summary>
    public List<List<SinkClause>> Should { get; } = [];
    /// <summary><c>bool.must_not</c> clauses: a hit matches none of these.</summary>
    public List<SinkClause> MustNot { get; } = [];
    public List<(string Field, bool Descending)> Sort { get; } = [];
    public List<JsonElement>? SearchAfter { get; private init; }

    public static SinkSearchRequest Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty) return new SinkSearchRequest();
        using var document = ParseJson(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new SinkQueryException("the search body must be a JSON object");
        var request = new SinkSearchRequest
        {
            Size = root.TryGetProperty("size", out var size) ? size.GetInt32() : 10,
            From = root.TryGetProperty("from", out var from) ? from.GetInt32() : 0,
            TrackTotalHits = !root.TryGetProperty("track_total_hits", out var track) || track.ValueKind is not JsonValueKind.False,
            Source = root.TryGetProperty("_source", out var source) ? SourceFields(source) : null,
            SearchAfter = root.TryGetProperty("search_after", out var after) ? after.EnumerateArray().Select(e => e.Clone()).ToList() : null,
        };
        if (request.Size < 0 || request.From < 0 || request.Size + request.From > MaxResultWindow)
            throw new SinkQueryException($"Result window is too large, from + size must be less than or equal to: [{MaxResultWindow}] but was [{request.From + request.Size}]");
        if (root.TryGetProperty("query", out var query)) request.AddQuery(query);
        if (root.TryGetProperty("sort", out var sort)) request.AddSort(sort);
        foreach (var property in root.EnumerateObject())
            if (property.Name is not ("size" or "from" or "track_total_hits" or "_source" or "search_after" or "query" or "sort" or "timeout"))
                throw new SinkQueryException($"the bench sink does not answer [{property.Name}] in a search body");
        return request;
    }

    /// <summary>A day given as <c>yyyy-MM-dd</c> (or the day of a date-time).</summary>
    public static DateOnly Day(string text, string field) =>
        text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new SinkQueryException($"failed to parse date field [{text}] of [{field}] with format [yyyy-MM-dd]");

    private static JsonDocument ParseJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new SinkQueryException($"failed to parse the search body: {ex.Message}");
        }
    }

    private static HashSet<string> SourceFields(JsonElement source) => source.ValueKind switch
    {
        JsonValueKind.False => [],
        JsonValueKind.True => null!,
        JsonValueKind.String => [source.GetString()!],
        JsonValueKind.Array => source.EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal),
        _ => throw new SinkQueryException("the bench sink reads _source as true, false, a field or a list of fields"),
    };

    private void AddQuery(JsonElement query)
    {
        foreach (var clause in query.EnumerateObject())
        {
            var body = clause.Value;
            switch (clause.Name)
            {
                case "match_all":
                    break;
                case "bool":
                    foreach (var part in body.EnumerateObject())
                    {
                        if (part.Name == "minimum_should_match")
                        {
                            if (part.Value.ValueKind != JsonValueKind.Number || part.Value.GetInt32() != 1)
                                throw new SinkQueryException("the bench sink answers bool should with minimum_should_match 1 only");
                            continue;
                        }
                        if (part.Name == "should")
                        {
                            var alternatives = part.Value.ValueKind == JsonValueKind.Array ? part.Value.EnumerateArray().ToList() : [part.Value];
                            foreach (var alternative in alternatives)
                            {
                                var parsed = new SinkSearchRequest();
                                parsed.AddQuery(alternative);
                                if (parsed.Should.Count > 0) throw new SinkQueryException("the bench sink does not answer a should inside a should");
                                Should.Add(parsed.Clauses);
                            }
                            continue;
                        }
                        if (part.Name == "must_not")
                        {
                            var parsed = new SinkSearchRequest();
                            if (part.Value.ValueKind == JsonValueKind.Array) foreach (var inner in part.Value.EnumerateArray()) parsed.AddQuery(inner);
                            else parsed.AddQuery(part.Value);
                            if (parsed.Should.Count > 0 || parsed.MustNot.Count > 0) throw new SinkQueryException("the bench sink answers bool must_not of plain clauses only");
                            MustNot.AddRange(parsed.Clauses);
                            continue;
                        }
                        if (part.Name is not ("filter" or "must")) throw new SinkQueryException($"the bench sink does not answer bool [{part.Name}]");
                        if (part.Value.ValueKind == JsonValueKind.Array) foreach (var inner in part.Value.EnumerateArray()) AddQuery(inner);
                        else AddQuery(part.Value);
                    }
                    break;
                case "ids":
                    Clauses.Add(new SinkClause("ids", "_id", body.GetProperty("values").EnumerateArray().Select(Text).ToList()));
                    break;
                case "terms":
                    foreach (var field in body.EnumerateObject().Where(f => f.Name != "boost"))
                        Clauses.Add(new SinkClause("terms", field.Name, field.Value.EnumerateArray().Select(Text).ToList()));
                    break;
                case "term":
                    foreach (var field in body.EnumerateObject())
                        Clauses.Add(new SinkClause("terms", field.Name, [Text(field.Value.ValueKind == JsonValueKind.Object ? field.Value.GetProperty("value") : field.Value)]));
                    break;
                case "range":
                    foreach (var field in body.EnumerateObject())
                    {
                        string? Bound(string name) => field.Value.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? Text(v) : null;
                        Clauses.Add(new SinkClause("range", field.Name, [], Bound("gte"), Bound("gt"), Bound("lte"), Bound("lt")));
                    }
                    break;
                default:
                    throw new SinkQueryException($"the bench sink does not answer [{clause.Name}] queries");
            }
        }
    }

    private void AddSort(JsonElement sort)
    {
        var items = sort.ValueKind == JsonValueKind.Array ? sort.EnumerateArray().ToList() : [sort];
        foreach (var item in items)
        {
            if (item.ValueKind == JsonValueKind.String) Sort.Add((item.GetString()!, false));
            else
                foreach (var field in item.EnumerateObject())
                {
                    var order = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()
                        : field.Value.TryGetProperty("order", out var o) ? o.GetString() : "asc";
                    Sort.Add((field.Name, order == "desc"));
                }
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new SinkQueryException($"the bench sink compares strings, numbers and booleans, not {value.ValueKind}"),
    };
}
