using System.Text.Json;

namespace ControlPlane.ElasticRules;

/// <summary>
/// <c>range</c> with <c>gte</c>/<c>gt</c>/<c>lte</c>/<c>lt</c> (and <c>time_zone</c> for dates)
/// (https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl-range-query.html). A keyword compares its
/// text ordinally, a number numerically. A date bound rounds as DateFieldMapper.DateFieldType.dateRangeQuery does:
/// <c>gte</c> and <c>lt</c> parse rounding down, <c>gt</c> and <c>lte</c> rounding up ("Date math and rounding"),
/// then an exclusive bound moves by one millisecond, so <c>lte "2026-11-21"</c> includes all of that day in the
/// <c>time_zone</c>, <c>gt "2026-11-21"</c> excludes all of it. A <c>format</c> overrides the mapping's date format for
/// the query's values ("format" in the range query's parameters); the rules know the built-in formats the product uses.
/// </summary>
public sealed class RangeQuery : Query
{
    private long? _fromMillis, _toMillis;

    /// <summary>Date formats the rules read (https://www.elastic.co/guide/en/elasticsearch/reference/current/mapping-date-format.html); true: a day only.</summary>
    private static readonly Dictionary<string, bool> Formats = new(StringComparer.Ordinal)
    {
        ["yyyy-MM-dd"] = true, ["strict_date"] = true, ["date"] = true,
        ["strict_date_optional_time"] = false, ["date_optional_time"] = false, ["epoch_millis"] = false,
    };

    private RangeQuery(string field, QueryValue? gte, QueryValue? gt, QueryValue? lte, QueryValue? lt, string? timeZone)
    {
        (Field, Gte, Gt, Lte, Lt, TimeZone) = (field, gte, gt, lte, lt, timeZone);
    }

    public string Field { get; }
    public QueryValue? Gte { get; }
    public QueryValue? Gt { get; }
    public QueryValue? Lte { get; }
    public QueryValue? Lt { get; }
    public string? TimeZone { get; }

    public static RangeQuery Parse(JsonElement body)
    {
        var field = OneField(body, "range");
        if (field.Value.ValueKind != JsonValueKind.Object) throw new QueryParsingException($"[range] query malformed, no start_object after [{field.Name}]");
        QueryValue? gte = null, gt = null, lte = null, lt = null;
        string? zone = null, format = null;
        foreach (var p in field.Value.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Null) continue;
            switch (p.Name)
            {
                case "gte": gte = QueryValue.Parse(p.Value, "range"); break;
                case "gt": gt = QueryValue.Parse(p.Value, "range"); break;
                case "lte": lte = QueryValue.Parse(p.Value, "range"); break;
                case "lt": lt = QueryValue.Parse(p.Value, "range"); break;
                case "time_zone": zone = p.Value.GetString(); break;
                case "format": format = p.Value.GetString(); break;
                case "boost" or "_name": break;
                default: throw new QueryParsingException($"[range] query does not support [{p.Name}]");
            }
        }
        if (format is not null)
        {
            var known = format.Split("||");
            if (known.FirstOrDefault(f => !Formats.ContainsKey(f)) is { } unknown)
                throw new QueryParsingException($"the shared Elasticsearch rules do not read the date format [{unknown}] of the range on [{field.Name}]");
            if (known.All(f => Formats[f]) && new[] { gte, gt, lte, lt }.FirstOrDefault(v => v is not null && v.Text.Length != 10) is { } notADay)
                throw new QueryParsingException($"failed to parse date field [{notADay.Text}] with format [{format}]", "parse_exception");
        }
        return new RangeQuery(field.Name, gte, gt, lte, lt, zone);
    }

    public override bool Matches(IDocumentFields document)
    {
        var values = document.Values(Field);
        for (var i = 0; i < values.Count; i++)
            if (Within(values[i])) return true;
        return false;
    }

    private bool Within(in FieldValue value)
    {
        switch (value.Kind)
        {
            case FieldKind.Date:
                _fromMillis ??= Gte is not null ? Gte.DateMillis(TimeZone, false, Field) : Gt is not null ? Gt.DateMillis(TimeZone, true, Field) + 1 : long.MinValue;
                _toMillis ??= Lte is not null ? Lte.DateMillis(TimeZone, true, Field) : Lt is not null ? Lt.DateMillis(TimeZone, false, Field) - 1 : long.MaxValue;
                return value.Millis >= _fromMillis && value.Millis <= _toMillis;
            case FieldKind.Keyword:
                return (Gte is null || string.CompareOrdinal(value.Text, Gte.Text) >= 0) && (Gt is null || string.CompareOrdinal(value.Text, Gt.Text) > 0)
                    && (Lte is null || string.CompareOrdinal(value.Text, Lte.Text) <= 0) && (Lt is null || string.CompareOrdinal(value.Text, Lt.Text) < 0);
            default:
                return (Gte is null || value.Number >= Number(Gte)) && (Gt is null || value.Number > Number(Gt))
                    && (Lte is null || value.Number <= Number(Lte)) && (Lt is null || value.Number < Number(Lt));
        }
    }

    private decimal Number(QueryValue bound) => bound.Number
        ?? throw new QueryParsingException($"failed to parse [{bound.Text}] as a number for the range on [{Field}]", "number_format_exception");

    public override IEnumerable<string> Fields => [Field];
}
