using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.ElasticRules;

/// <summary>
/// A document's fields read from its JSON <c>_source</c>, typed as Elasticsearch's dynamic mapping would type them: a
/// JSON number is a number, true/false a boolean, a string that reads as a date (<c>yyyy-MM-dd…</c>) a date
/// (<c>date_detection</c>, https://www.elastic.co/guide/en/elasticsearch/reference/current/dynamic-field-mapping.html#date-detection),
/// any other string a keyword. Objects are reached by dotted paths; arrays give each element.
/// </summary>
public sealed class JsonSourceFields(string id, JsonObject source) : IDocumentFields
{
    public string Id { get; } = id;

    public FieldValues Values(string field)
    {
        if (field == "_id") return new FieldValues(FieldValue.Keyword(Id));
        var node = Node(source, field);
        if (node is JsonArray array)
        {
            var values = new List<FieldValue>(array.Count);
            foreach (var item in array)
                if (Value(item) is { } v) values.Add(v);
            return new FieldValues(values);
        }
        return Value(node) is { } one ? new FieldValues(one) : FieldValues.None;
    }

    /// <summary>The node at a dotted path (a flat key with dots first, as the fake's sources may hold either).</summary>
    public static JsonNode? Node(JsonObject source, string field)
    {
        var node = source[field];
        if (node is null && field.Contains('.'))
        {
            node = source;
            foreach (var part in field.Split('.')) node = (node as JsonObject)?[part];
        }
        return node;
    }

    public static FieldValue? Value(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        switch (v.GetValueKind())
        {
            case JsonValueKind.Number:
                return decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? FieldValue.Of(n) : null;
            case JsonValueKind.True: return FieldValue.Of(true);
            case JsonValueKind.False: return FieldValue.Of(false);
            case JsonValueKind.String:
                var text = v.GetValue<string>();
                return EsDates.TryParse(text, null, roundUp: false, out var millis) ? FieldValue.Date(millis) : FieldValue.Keyword(text);
            default: return null;
        }
    }
}
