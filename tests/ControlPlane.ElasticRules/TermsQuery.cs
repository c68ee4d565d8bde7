using System.Text.Json;

namespace ControlPlane.ElasticRules;

/// <summary>
/// <c>term</c> and <c>terms</c>: a value of the field is one of the given values, compared as the field's type compares
/// (<see cref="QueryValue"/>). On a date field a term is the range from the value rounded down to it rounded up, so
/// <c>"2026-11-21"</c> matches that whole UTC day (DateFieldMapper.DateFieldType.termQuery calls
/// <c>rangeQuery(value, value, true, true, ...)</c> in elastic/elasticsearch; a terms query ORs such terms).
/// https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl-terms-query.html
/// </summary>
public sealed class TermsQuery : Query
{
    private readonly HashSet<string> _texts;
    private readonly HashSet<decimal> _numbers;
    private readonly HashSet<bool> _booleans;
    private (long From, long To)[]? _days;

    public TermsQuery(string field, IReadOnlyList<QueryValue> values)
    {
        Field = field;
        Values = values;
        _texts = values.Select(v => v.Text).ToHashSet(StringComparer.Ordinal);
        _numbers = values.Where(v => v.Number is not null).Select(v => v.Number!.Value).ToHashSet();
        _booleans = values.Where(v => v.Boolean is not null).Select(v => v.Boolean!.Value).ToHashSet();
    }

    public string Field { get; }
    public IReadOnlyList<QueryValue> Values { get; }

    /// <summary><c>{"term": {"FIELD": VALUE}}</c> or <c>{"term": {"FIELD": {"value": VALUE}}}</c>.</summary>
    public static TermsQuery ParseTerm(JsonElement body)
    {
        var field = OneField(body, "term");
        var value = field.Value.ValueKind == JsonValueKind.Object
            ? field.Value.TryGetProperty("value", out var v) ? v : throw new QueryParsingException("[term] query does not support a term without [value]")
            : field.Value;
        return new TermsQuery(field.Name, [QueryValue.Parse(value, "term")]);
    }

    /// <summary><c>{"terms": {"FIELD": [VALUE, ...]}}</c>.</summary>
    public static TermsQuery ParseTerms(JsonElement body)
    {
        var field = OneField(body, "terms");
        if (field.Value.ValueKind != JsonValueKind.Array)
            throw new QueryParsingException($"[terms] query does not support [{field.Name}] as anything but an array of values (no terms lookup)");
        return new TermsQuery(field.Name, field.Value.EnumerateArray().Select(v => QueryValue.Parse(v, "terms")).ToList());
    }

    public override bool Matches(IDocumentFields document)
    {
        if (Field == "_id") return _texts.Contains(document.Id);
        var values = document.Values(Field);
        for (var i = 0; i < values.Count; i++)
            if (Matches(values[i])) return true;
        return false;
    }

    private bool Matches(in FieldValue value)
    {
        switch (value.Kind)
        {
            case FieldKind.Keyword: return _texts.Contains(value.Text!);
            case FieldKind.Number: return _numbers.Contains(value.Number);
            case FieldKind.Boolean: return _booleans.Contains(value.Number == 1);
            default:
                _days ??= Values.Select(v => (v.DateMillis(null, false, Field), v.DateMillis(null, true, Field))).ToArray();
                foreach (var (from, to) in _days)
                    if (value.Millis >= from && value.Millis <= to) return true;
                return false;
        }
    }

    public override IEnumerable<string> Fields => [Field];

    public override IReadOnlyCollection<string>? RequiredValues(string field) => field == Field ? _texts : null;
}
