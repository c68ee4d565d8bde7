using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Fakes;

/// <summary>
/// Evaluates the query DSL subset we send: match_all, term, terms, range, ids, exists, bool (filter/must/should/must_not).
/// Anything else is a 400 <c>parsing_exception</c>, as ES answers an unknown query.
/// </summary>
public static class FakeQuery
{
    public static bool Matches(JsonObject? query, string id, JsonObject source)
    {
        if (query is null || query.Count == 0) return true;
        var (type, spec) = query.First();
        return type switch
        {
            "match_all" => true,
            "match_none" => false,
            "ids" => spec!["values"]!.AsArray().Any(v => v!.ToString() == id),
            "term" => Term(spec!.AsObject(), source),
            "terms" => Terms(spec!.AsObject(), source),
            "range" => Range(spec!.AsObject(), source),
            "exists" => Values(source, spec!["field"]!.ToString()).Any(),
            "bool" => Bool(spec!.AsObject(), id, source),
            _ => throw new FakeError(400, "parsing_exception", $"unknown query [{type}]"),
        };
    }

    private static bool Bool(JsonObject b, string id, JsonObject source)
    {
        static IEnumerable<JsonObject> Clauses(JsonNode? n) => n switch
        {
            JsonArray a => a.Select(x => x!.AsObject()),
            JsonObject o => [o],
            _ => [],
        };
        if (!Clauses(b["filter"]).All(q => Matches(q, id, source))) return false;
        if (!Clauses(b["must"]).All(q => Matches(q, id, source))) return false;
        if (Clauses(b["must_not"]).Any(q => Matches(q, id, source))) return false;
        var should = Clauses(b["should"]).ToList();
        if (should.Count == 0) return true;
        var hasOther = b["filter"] is not null || b["must"] is not null || b["must_not"] is not null;
        var minimum = b["minimum_should_match"]?.GetValue<int>() ?? (hasOther ? 0 : 1);
        return should.Count(q => Matches(q, id, source)) >= minimum;
    }

    private static bool Term(JsonObject spec, JsonObject source)
    {
        var (field, value) = spec.First();
        var wanted = value is JsonObject o ? o["value"] : value;
        return Values(source, field).Any(v => Equal(v, wanted));
    }

    private static bool Terms(JsonObject spec, JsonObject source)
    {
        var (field, list) = spec.First(kv => kv.Key != "boost");
        var values = Values(source, field).ToList();
        return list!.AsArray().Any(w => values.Any(v => Equal(v, w)));
    }

    private static bool Range(JsonObject spec, JsonObject source)
    {
        var (field, bounds) = spec.First();
        var b = bounds!.AsObject();
        var zone = b["time_zone"]?.ToString();
        return Values(source, field).Any(v =>
            (b["gte"] is null || Compare(v, b["gte"], zone) >= 0) && (b["gt"] is null || Compare(v, b["gt"], zone) > 0) &&
            (b["lte"] is null || Compare(v, b["lte"], zone, upper: true) <= 0) && (b["lt"] is null || Compare(v, b["lt"], zone) < 0));
    }

    /// <summary>Field values by dotted path; arrays give each element.</summary>
    public static IEnumerable<JsonNode> Values(JsonObject source, string field)
    {
        JsonNode? node = source[field];
        if (node is null && field.Contains('.'))
        {
            node = source;
            foreach (var part in field.Split('.')) node = (node as JsonObject)?[part];
        }
        if (node is JsonArray a) return a.Where(x => x is not null)!;
        return node is null ? [] : [node];
    }

    public static bool Equal(JsonNode a, JsonNode? b)
    {
        if (b is null) return false;
        if (TryNumber(a, out var x) && TryNumber(b, out var y)) return x == y;
        if (TryDate(a, null, false, out var da) && TryDate(b, null, false, out var db)) return da == db;
        return a.ToString() == b.ToString();
    }

    public static int Compare(JsonNode a, JsonNode? b, string? zone = null, bool upper = false)
    {
        if (b is null) return 1;
        if (TryNumber(a, out var x) && TryNumber(b, out var y)) return x.CompareTo(y);
        if (TryDate(a, zone, false, out var da) && TryDate(b, zone, upper, out var db)) return da.CompareTo(db);
        return string.CompareOrdinal(a.ToString(), b.ToString());
    }

    private static bool TryNumber(JsonNode n, out decimal value)
    {
        value = 0;
        return n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>ISO dates and date-times; a bare date is the start of that day in <paramref name="zone"/> (its end when it is an upper bound, as ES rounds lte).</summary>
    private static bool TryDate(JsonNode n, string? zone, bool upper, out DateTimeOffset value)
    {
        value = default;
        if (n is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return false;
        var s = v.ToString();
        if (s.Length == 10 && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            var tz = zone is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zone);
            var local = d.ToDateTime(TimeOnly.MinValue);
            if (upper) local = local.AddDays(1).AddTicks(-1);
            value = new DateTimeOffset(local, tz.GetUtcOffset(local));
            return true;
        }
        return s.Length >= 16 && s[4] == '-' && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    // ---- sort and search_after ---------------------------------------------------------------------------------

    public sealed record SortField(string Field, bool Descending);

    public static List<SortField> ParseSort(JsonNode? sort)
    {
        var result = new List<SortField>();
        if (sort is null) return result;
        foreach (var item in sort is JsonArray a ? a : new JsonArray(sort.DeepClone()))
        {
            if (item is JsonValue v) result.Add(new SortField(v.ToString(), false));
            else
            {
                var (field, spec) = item!.AsObject().First();
                var order = spec is JsonObject o ? o["order"]?.ToString() : spec?.ToString();
                result.Add(new SortField(field, order == "desc"));
            }
        }
        return result;
    }

    public static JsonArray SortValues(List<SortField> sort, FakeDocument doc) =>
        new(sort.Select(s => SortValue(s.Field, doc)?.DeepClone()).ToArray());

    private static JsonNode? SortValue(string field, FakeDocument doc) => field switch
    {
        "_id" => JsonValue.Create(doc.Id),
        "_doc" or "_shard_doc" => JsonValue.Create(doc.SeqNo),
        _ => Values(doc.Source, field).FirstOrDefault() is { } v && v is JsonValue jv && jv.GetValueKind() == JsonValueKind.String
             && DateTimeOffset.TryParse(jv.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt) && jv.ToString().Length >= 10 && jv.ToString()[4] == '-'
            ? JsonValue.Create(dt.ToUnixTimeMilliseconds()) // ES sorts dates as epoch millis
            : Values(doc.Source, field).FirstOrDefault(),
    };

    public static int CompareSort(List<SortField> sort, FakeDocument a, FakeDocument b)
    {
        foreach (var s in sort)
        {
            var c = CompareNullable(SortValue(s.Field, a), SortValue(s.Field, b));
            if (c != 0) return s.Descending ? -c : c;
        }
        return a.SeqNo.CompareTo(b.SeqNo);
    }

    public static int CompareToSortValues(List<SortField> sort, FakeDocument doc, JsonArray after)
    {
        for (var i = 0; i < sort.Count && i < after.Count; i++)
        {
            var c = CompareNullable(SortValue(sort[i].Field, doc), after[i]);
            if (c != 0) return sort[i].Descending ? -c : c;
        }
        return 0;
    }

    private static int CompareNullable(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => 1, // missing sorts last
        (_, null) => -1,
        _ => Compare(a, b),
    };

    public static JsonNode FilterSource(JsonObject source, JsonNode? spec)
    {
        IEnumerable<string>? includes = spec switch
        {
            JsonArray a => a.Select(x => x!.ToString()),
            JsonObject o when o["includes"] is JsonArray i => i.Select(x => x!.ToString()),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.ToString()],
            _ => null,
        };
        if (spec is JsonValue b && b.GetValueKind() == JsonValueKind.False) return new JsonObject();
        if (includes is null) return source.DeepClone();
        var result = new JsonObject();
        foreach (var f in includes) if (source[f] is { } v) result[f] = v.DeepClone();
        return result;
    }
}
