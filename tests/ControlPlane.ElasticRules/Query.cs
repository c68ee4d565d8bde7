using System.Text.Json;

namespace ControlPlane.ElasticRules;

/// <summary>
/// A query of the DSL subset the product sends, parsed once from the request body and evaluated per document through
/// <see cref="IDocumentFields"/>: match_all, match_none, term, terms, ids, range, exists, bool. Any other query type is a
/// 400 <c>parsing_exception</c> "unknown query [X]", as Elasticsearch answers
/// (https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl.html).
/// </summary>
public abstract class Query
{
    public static readonly Query All = new MatchAllQuery();

    /// <summary>Whether the document matches (a filter context: no scores).</summary>
    public abstract bool Matches(IDocumentFields document);

    /// <summary>Every field the query reads, so a stand-in that keeps only some fields can refuse the rest by name.</summary>
    public abstract IEnumerable<string> Fields { get; }

    /// <summary>
    /// Queries whose union matches exactly what this query matches: a bool of only <c>should</c> clauses needing one of
    /// them gives its clauses, any other query itself. An index picks candidates per alternative; the query still decides.
    /// </summary>
    public virtual IReadOnlyList<Query> Alternatives => [this];

    /// <summary>
    /// The values <paramref name="field"/> must have (one of) for a document to match, as far as the query requires them
    /// (term/terms/ids in a filter or must); null when it does not constrain the field. An index hint only.
    /// </summary>
    public virtual IReadOnlyCollection<string>? RequiredValues(string field) => null;

    /// <summary>The query of a search body's <c>query</c> (absent: match_all).</summary>
    public static Query Parse(JsonElement? query)
    {
        if (query is not { } q || q.ValueKind == JsonValueKind.Null) return All;
        if (q.ValueKind != JsonValueKind.Object) throw new QueryParsingException("[_na] query malformed, must start with start_object");
        Query? parsed = null;
        foreach (var clause in q.EnumerateObject())
        {
            if (parsed is not null)
                throw new QueryParsingException($"[{clause.Name}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]");
            parsed = clause.Name switch
            {
                "match_all" => All,
                "match_none" => new MatchNoneQuery(),
                "ids" => IdsQuery.Parse(clause.Value),
                "term" => TermsQuery.ParseTerm(clause.Value),
                "terms" => TermsQuery.ParseTerms(clause.Value),
                "range" => RangeQuery.Parse(clause.Value),
                "exists" => ExistsQuery.Parse(clause.Value),
                "bool" => BoolQuery.Parse(clause.Value),
                _ => throw new QueryParsingException($"unknown query [{clause.Name}]"),
            };
        }
        return parsed ?? All;
    }

    /// <summary>The one field a leaf query names (<c>{"FIELD": ...}</c>), ignoring <c>boost</c> and <c>_name</c>.</summary>
    internal static JsonProperty OneField(JsonElement body, string query)
    {
        if (body.ValueKind != JsonValueKind.Object) throw new QueryParsingException($"[{query}] query malformed, no start_object after query name");
        JsonProperty? found = null;
        foreach (var p in body.EnumerateObject())
        {
            if (p.Name is "boost" or "_name") continue;
            if (found is not null) throw new QueryParsingException($"[{query}] query doesn't support multiple fields, found [{found.Value.Name}] and [{p.Name}]");
            found = p;
        }
        return found ?? throw new QueryParsingException($"[{query}] query requires a field");
    }
}

/// <summary><c>match_all</c>: every document.</summary>
public sealed class MatchAllQuery : Query
{
    public override bool Matches(IDocumentFields document) => true;
    public override IEnumerable<string> Fields => [];
}

/// <summary><c>match_none</c>: no document.</summary>
public sealed class MatchNoneQuery : Query
{
    public override bool Matches(IDocumentFields document) => false;
    public override IEnumerable<string> Fields => [];
}

/// <summary><c>exists</c>: the field has at least one (non-null) value (https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl-exists-query.html).</summary>
public sealed class ExistsQuery(string field) : Query
{
    public string Field { get; } = field;

    public static ExistsQuery Parse(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String
            ? new ExistsQuery(f.GetString()!)
            : throw new QueryParsingException("[exists] must be provided with a [field]");

    public override bool Matches(IDocumentFields document) => Field == "_id" || document.Values(Field).Count > 0;
    public override IEnumerable<string> Fields => [Field];
}

/// <summary><c>ids</c>: documents whose <c>_id</c> is one of the values (https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl-ids-query.html).</summary>
public sealed class IdsQuery(IReadOnlyCollection<string> ids) : Query
{
    private readonly HashSet<string> _ids = ids.ToHashSet(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Ids => _ids;

    public static IdsQuery Parse(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array
            ? new IdsQuery(values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList())
            : throw new QueryParsingException("[ids] query malformed, no [values] array");

    public override bool Matches(IDocumentFields document) => _ids.Contains(document.Id);
    public override IEnumerable<string> Fields => ["_id"];
    public override IReadOnlyCollection<string>? RequiredValues(string field) => field == "_id" ? _ids : null;
}
