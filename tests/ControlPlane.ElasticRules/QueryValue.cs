using System.Globalization;
using System.Text.Json;

namespace ControlPlane.ElasticRules;

/// <summary>
/// A value given in a query (a term, a range bound). What it means depends on the field it is compared with, as
/// Elasticsearch converts a query value with the field's mapping: a keyword compares the text (<c>5</c> matches
/// <c>"5"</c>), a number the numeric value (<c>"50"</c> matches <c>50.00</c>), a date the instant the text or the epoch
/// millis name, a boolean <c>true</c>/<c>"true"</c> (https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl-term-query.html).
/// </summary>
public sealed class QueryValue
{
    private QueryValue(string text, bool isNumber, bool isBoolean)
    {
        Text = text;
        IsJsonNumber = isNumber;
        Number = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
        Boolean = isBoolean || text is "true" or "false" ? text == "true" : null;
    }

    /// <summary>The text a keyword compares (a number's JSON text).</summary>
    public string Text { get; }
    public decimal? Number { get; }
    public bool? Boolean { get; }
    /// <summary>A JSON number: on a date field it is epoch millis (DateFieldMapper forces the epoch_millis parser for a Number).</summary>
    public bool IsJsonNumber { get; }

    public static QueryValue Parse(JsonElement value, string query) => value.ValueKind switch
    {
        JsonValueKind.String => new QueryValue(value.GetString()!, false, false),
        JsonValueKind.Number => new QueryValue(value.GetRawText(), true, false),
        JsonValueKind.True or JsonValueKind.False => new QueryValue(value.GetRawText(), false, true),
        _ => throw new QueryParsingException($"[{query}] query does not support [{value.ValueKind}] values"),
    };

    /// <summary>The instant this value names on a date field, rounded down or up over what the text leaves out.</summary>
    public long DateMillis(string? timeZone, bool roundUp, string field)
    {
        if (IsJsonNumber && long.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var millis)) return millis;
        return EsDates.TryParse(Text, timeZone, roundUp, out var parsed) ? parsed
            : throw new QueryParsingException($"failed to parse date field [{Text}] of [{field}] with format [strict_date_optional_time||epoch_millis]", "parse_exception");
    }

    public override string ToString() => Text;
}
