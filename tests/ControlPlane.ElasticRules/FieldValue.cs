using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.ElasticRules;

/// <summary>What a field value is to Elasticsearch's queries and sorts: the type of its mapping decides how it compares.</summary>
public enum FieldKind : byte { Keyword, Number, Boolean, Date }

/// <summary>
/// One value of a document's field as Elasticsearch indexes it: a keyword's text, a number, a boolean, or a date as
/// epoch milliseconds (a <c>date</c> field "is stored internally as a long number representing milliseconds-since-the-epoch":
/// https://www.elastic.co/guide/en/elasticsearch/reference/current/date.html). A struct: the stand-in reads millions.
/// </summary>
public readonly struct FieldValue
{
    private FieldValue(FieldKind kind, string? text, decimal number, long millis)
    {
        Kind = kind;
        Text = text;
        Number = number;
        Millis = millis;
    }

    public FieldKind Kind { get; }
    /// <summary>A keyword's text (a boolean's <c>true</c>/<c>false</c>).</summary>
    public string? Text { get; }
    public decimal Number { get; }
    public long Millis { get; }

    public static FieldValue Keyword(string text) => new(FieldKind.Keyword, text, 0, 0);
    public static FieldValue Of(decimal number) => new(FieldKind.Number, null, number, 0);
    public static FieldValue Of(bool value) => new(FieldKind.Boolean, value ? "true" : "false", value ? 1 : 0, 0);
    public static FieldValue Date(long epochMillis) => new(FieldKind.Date, null, 0, epochMillis);
    public static FieldValue Date(DateTimeOffset instant) => Date(instant.ToUnixTimeMilliseconds());
    /// <summary>A bare <c>yyyy-MM-dd</c> document value: that day's UTC midnight (a document's date without an offset is UTC).</summary>
    public static FieldValue Date(DateOnly day) => Date((day.DayNumber - EsDates.EpochDayNumber) * EsDates.MillisPerDay);

    /// <summary>
    /// Orders two values of one sort field: numbers and booleans by value, dates by epoch millis, keywords by their
    /// ordinal text (https://www.elastic.co/guide/en/elasticsearch/reference/current/sort-search-results.html).
    /// </summary>
    public int CompareTo(in FieldValue other)
    {
        if (Kind != other.Kind) return Kind.CompareTo(other.Kind);
        return Kind switch
        {
            FieldKind.Keyword => string.CompareOrdinal(Text, other.Text),
            FieldKind.Date => Millis.CompareTo(other.Millis),
            _ => Number.CompareTo(other.Number),
        };
    }

    /// <summary>
    /// Whether this sort value comes after <paramref name="after"/>, a value of a <c>search_after</c> array (as the
    /// previous page's last hit gave it): &gt; 0 after it, 0 equal, &lt; 0 before.
    /// </summary>
    public int CompareToSearchAfter(JsonElement after)
    {
        switch (Kind)
        {
            case FieldKind.Keyword:
                return string.CompareOrdinal(Text, after.ValueKind == JsonValueKind.String ? after.GetString() : after.GetRawText());
            case FieldKind.Date:
                var millis = after.ValueKind == JsonValueKind.Number ? after.GetInt64()
                    : EsDates.TryParse(after.GetString() ?? "", null, roundUp: false, out var m) ? m
                    : throw new QueryParsingException($"failed to parse search_after value [{after}] of a date sort", "parse_exception");
                return Millis.CompareTo(millis);
            case FieldKind.Boolean when after.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return Number.CompareTo(after.ValueKind == JsonValueKind.True ? 1m : 0m);
            default:
                return Number.CompareTo(after.ValueKind == JsonValueKind.Number ? after.GetDecimal()
                    : decimal.Parse(after.GetString() ?? "", NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The value as a hit's <c>sort</c> array holds it: a date as epoch millis, a boolean as 0/1.</summary>
    public void WriteSortValue(Utf8JsonWriter json)
    {
        switch (Kind)
        {
            case FieldKind.Keyword: json.WriteStringValue(Text); break;
            case FieldKind.Date: json.WriteNumberValue(Millis); break;
            default: json.WriteNumberValue(Number); break;
        }
    }

    public JsonNode SortNode() => Kind switch
    {
        FieldKind.Keyword => JsonValue.Create(Text)!,
        FieldKind.Date => JsonValue.Create(Millis),
        _ => JsonValue.Create(Number),
    };

    public override string ToString() => Kind switch
    {
        FieldKind.Keyword or FieldKind.Boolean => Text!,
        FieldKind.Date => DateTimeOffset.FromUnixTimeMilliseconds(Millis).ToString("O", CultureInfo.InvariantCulture),
        _ => Number.ToString(CultureInfo.InvariantCulture),
    };
}
