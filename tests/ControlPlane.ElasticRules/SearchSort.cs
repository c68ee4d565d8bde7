using System.Text.Json;

namespace ControlPlane.ElasticRules;

/// <summary>One sort field: a field name, <c>_id</c>, or <c>_doc</c>/<c>_shard_doc</c> (index order).</summary>
public sealed record SortField(string Field, bool Descending);

/// <summary>
/// A search's <c>sort</c> and how hits compare under it and against <c>search_after</c>
/// (https://www.elastic.co/guide/en/elasticsearch/reference/current/sort-search-results.html,
/// https://www.elastic.co/guide/en/elasticsearch/reference/current/paginate-search-results.html#search-after):
/// keywords by ordinal text, numbers by value, dates by epoch millis; a many-valued field sorts by its smallest value
/// ascending and its largest descending (sort <c>mode</c> defaults), and a document without the field sorts last
/// either way (<c>missing: _last</c>).
/// </summary>
public sealed class SearchSort
{
    public static readonly SearchSort None = new([]);

    public SearchSort(IReadOnlyList<SortField> fields) => Fields = fields;

    public IReadOnlyList<SortField> Fields { get; }
    public bool IsEmpty => Fields.Count == 0;

    public static SearchSort Parse(JsonElement? sort)
    {
        if (sort is not { } s || s.ValueKind == JsonValueKind.Null) return None;
        var fields = new List<SortField>();
        foreach (var item in s.ValueKind == JsonValueKind.Array ? s.EnumerateArray().ToList() : [s])
        {
            if (item.ValueKind == JsonValueKind.String) fields.Add(new SortField(item.GetString()!, item.GetString() == "_score"));
            else if (item.ValueKind == JsonValueKind.Object)
                foreach (var field in item.EnumerateObject())
                {
                    var order = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()
                        : field.Value.ValueKind == JsonValueKind.Object && field.Value.TryGetProperty("order", out var o) ? o.GetString() : null;
                    fields.Add(new SortField(field.Name, order == "desc"));
                }
            else throw new QueryParsingException($"malformed sort [{item.GetRawText()}]");
        }
        if (fields.Find(f => f.Field == "_score") is not null) throw new QueryParsingException("the shared Elasticsearch rules do not sort by [_score]: filters have no scores");
        return new SearchSort(fields);
    }

    /// <summary>The sort values of a document (null where it has none); <paramref name="order"/> is its place in the index, for <c>_doc</c>.</summary>
    public FieldValue?[] KeysOf(IDocumentFields document, long order)
    {
        var keys = new FieldValue?[Fields.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var (field, descending) = Fields[i];
            if (field == "_id") keys[i] = FieldValue.Keyword(document.Id);
            else if (field is "_doc" or "_shard_doc") keys[i] = FieldValue.Of(order);
            else
            {
                var values = document.Values(field);
                FieldValue? chosen = null;
                for (var v = 0; v < values.Count; v++)
                    if (chosen is not { } c || (descending ? values[v].CompareTo(c) > 0 : values[v].CompareTo(c) < 0)) chosen = values[v];
                keys[i] = chosen;
            }
        }
        return keys;
    }

    public int Compare(FieldValue?[] a, FieldValue?[] b)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            var c = (a[i], b[i]) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                ({ } x, { } y) => Fields[i].Descending ? -x.CompareTo(y) : x.CompareTo(y),
            };
            if (c != 0) return c;
        }
        return 0;
    }

    /// <summary>Whether a hit with <paramref name="keys"/> comes after the <c>search_after</c> values (&gt; 0: on the next page).</summary>
    public int CompareToSearchAfter(FieldValue?[] keys, IReadOnlyList<JsonElement> after)
    {
        if (IsEmpty) throw new QueryParsingException("Sort must contain at least one field.", "illegal_argument_exception");
        if (after.Count != Fields.Count)
            throw new QueryParsingException($"search_after has {after.Count} value(s) but sort has {Fields.Count}.", "illegal_argument_exception");
        for (var i = 0; i < Fields.Count; i++)
        {
            var missingAfter = after[i].ValueKind == JsonValueKind.Null;
            var c = (keys[i], missingAfter) switch
            {
                (null, true) => 0,
                (null, false) => 1,
                (_, true) => -1,
                ({ } k, false) => Fields[i].Descending ? -k.CompareToSearchAfter(after[i]) : k.CompareToSearchAfter(after[i]),
            };
            if (c != 0) return c;
        }
        return 0;
    }
}
