using System.Globalization;
using System.Text.Json;

namespace ControlPlane.ElasticRules;

/// <summary>
/// <c>bool</c> with <c>filter</c>, <c>must</c>, <c>should</c>, <c>must_not</c> and <c>minimum_should_match</c>
/// (https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl-bool-query.html). A document matches every
/// filter and must clause, no must_not clause, and at least <c>minimum_should_match</c> should clauses. That defaults to
/// 1 when there are should clauses and no must or filter clause, else to 0 ("Using minimum_should_match"; must_not does
/// not count: a Lucene BooleanQuery without required clauses needs one optional clause to match).
/// </summary>
public sealed class BoolQuery : Query
{
    private BoolQuery(Query[] filter, Query[] must, Query[] should, Query[] mustNot, string? minimumShouldMatch)
    {
        (Filter, Must, Should, MustNot) = (filter, must, should, mustNot);
        var required = filter.Length + must.Length > 0;
        var minimum = minimumShouldMatch is null ? (required ? 0 : 1) : MinimumShouldMatch(minimumShouldMatch, should.Length);
        // Without a required clause a match needs at least one should clause, whatever minimum_should_match says.
        MinimumShould = should.Length == 0 ? 0 : required ? minimum : Math.Max(minimum, 1);
    }

    public Query[] Filter { get; }
    public Query[] Must { get; }
    public Query[] Should { get; }
    public Query[] MustNot { get; }
    /// <summary>How many should clauses a document must match (may exceed their count: then nothing matches).</summary>
    public int MinimumShould { get; }

    public static BoolQuery Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) throw new QueryParsingException("[bool] query malformed, no start_object after query name");
        Query[] filter = [], must = [], should = [], mustNot = [];
        string? minimum = null;
        foreach (var p in body.EnumerateObject())
        {
            switch (p.Name)
            {
                case "filter": filter = Clauses(p.Value); break;
                case "must": must = Clauses(p.Value); break;
                case "should": should = Clauses(p.Value); break;
                case "must_not" or "mustNot": mustNot = Clauses(p.Value); break;
                case "minimum_should_match":
                    minimum = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
                    break;
                case "boost" or "_name" or "adjust_pure_negative": break;
                default: throw new QueryParsingException($"[bool] query does not support [{p.Name}]");
            }
        }
        return new BoolQuery(filter, must, should, mustNot, minimum);
    }

    private static Query[] Clauses(JsonElement value) => value.ValueKind == JsonValueKind.Array
        ? value.EnumerateArray().Select(c => Query.Parse(c)).ToArray()
        : [Query.Parse(value)];

    /// <summary>
    /// An integer, a negative integer (all but that many), a percentage (rounded down) or a negative percentage, of the
    /// optional clauses (https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl-minimum-should-match.html).
    /// Combinations (<c>3&lt;90%</c>) are refused.
    /// </summary>
    internal static int MinimumShouldMatch(string spec, int optional)
    {
        var text = spec.Trim();
        var percent = text.EndsWith('%');
        if (!int.TryParse(percent ? text[..^1] : text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            throw new QueryParsingException($"the shared Elasticsearch rules do not answer minimum_should_match [{spec}]");
        var count = percent ? optional * Math.Abs(n) / 100 : Math.Abs(n);
        var result = n < 0 ? optional - count : count;
        return Math.Max(result, 0);
    }

    public override bool Matches(IDocumentFields document)
    {
        foreach (var q in Filter) if (!q.Matches(document)) return false;
        foreach (var q in Must) if (!q.Matches(document)) return false;
        foreach (var q in MustNot) if (q.Matches(document)) return false;
        if (MinimumShould == 0) return true;
        var matched = 0;
        for (var i = 0; i < Should.Length; i++)
        {
            if (Should[i].Matches(document) && ++matched >= MinimumShould) return true;
            if (matched + Should.Length - i - 1 < MinimumShould) return false;
        }
        return false;
    }

    public override IEnumerable<string> Fields => Filter.Concat(Must).Concat(Should).Concat(MustNot).SelectMany(q => q.Fields).Distinct();

    /// <summary>A bool of only should clauses, needing one: a document matches it exactly when it matches one clause.</summary>
    public override IReadOnlyList<Query> Alternatives =>
        Filter.Length + Must.Length + MustNot.Length == 0 && MinimumShould == 1 ? Should : [this];

    public override IReadOnlyCollection<string>? RequiredValues(string field)
    {
        IReadOnlyCollection<string>? narrowest = null;
        foreach (var q in Filter.Concat(Must))
            if (q.RequiredValues(field) is { } values && (narrowest is null || values.Count < narrowest.Count)) narrowest = values;
        if (narrowest is null && Filter.Length + Must.Length == 0 && MinimumShould > 0 && Should.Length > 0)
        {
            // Every match matches a should clause: the union of theirs, when each constrains the field.
            var union = new HashSet<string>(StringComparer.Ordinal);
            foreach (var q in Should)
            {
                if (q.RequiredValues(field) is not { } values) return null;
                union.UnionWith(values);
            }
            return union;
        }
        return narrowest;
    }
}
