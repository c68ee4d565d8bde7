using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Fakes;

/// <summary>
/// The fake runs no Painless. It knows the repository's scripts by their exact text and runs a C# translation of each,
/// written from the Painless reference (https://www.elastic.co/guide/en/elasticsearch/painless/current/painless-api-reference-shared.html:
/// <c>doc['f'].value</c> of a date field is a <c>ZonedDateTime</c> in UTC, <c>LocalDate.toString()</c> is <c>yyyy-MM-dd</c>).
/// A script it does not know fails the transform with a message naming it, so a changed script cannot pass unchecked;
/// the live suite runs the real Painless on a cluster.
/// </summary>
public static class FakePainless
{
    /// <summary>The guarded ratio of the daily <c>unit_price</c> and weekly <c>week_aov</c> bucket_scripts.</summary>
    public const string GuardedRatio = "params.customers > 0 ? params.total / params.customers : null";

    /// <summary>
    /// The weekly transform's <c>date</c> group_by: the local day of the daily row's <c>date</c> instant in
    /// <c>params.time_zone</c>, and the <c>params.window_days - 1</c> days after it, as <c>yyyy-MM-dd</c> text.
    /// </summary>
    public const string WindowEnds = """
        if (doc['date'].size() == 0) {
          return null;
        }
        LocalDate day = doc['date'].value.withZoneSameInstant(ZoneId.of(params.time_zone)).toLocalDate();
        List ends = new ArrayList();
        for (int i = 0; i < params.window_days; i++) {
          ends.add(day.plusDays(i).toString());
        }
        return ends;
        """;

    /// <summary>A bucket_script over its <c>buckets_path</c> values; null means the bucket gets no value (the field is left out).</summary>
    public static double? BucketScript(string source, IReadOnlyDictionary<string, double?> values)
    {
        switch (Normalize(source))
        {
            case var s when s == Normalize(GuardedRatio):
                return values["customers"] is > 0 && values["total"] is { } total ? total / values["customers"]!.Value : null;
            default:
                throw Unknown(source);
        }
    }

    /// <summary>A group_by terms script over one source document: its values (a list makes the source multi-valued).</summary>
    public static IReadOnlyList<JsonNode> TermsScript(string source, JsonObject? parameters, JsonObject document)
    {
        switch (Normalize(source))
        {
            case var s when s == Normalize(WindowEnds):
                var value = FakeQuery.Values(document, "date").FirstOrDefault();
                if (value is null || !FakeDates.TryInstant(value, out var instant)) return [];
                var zone = TimeZoneInfo.FindSystemTimeZoneById(parameters!["time_zone"]!.GetValue<string>());
                var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
                return Enumerable.Range(0, parameters["window_days"]!.GetValue<int>())
                    .Select(i => (JsonNode)JsonValue.Create(day.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))!).ToList();
            default:
                throw Unknown(source);
        }
    }

    private static string Normalize(string source) => string.Join('\n', source.Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    private static FakeError Unknown(string source) =>
        new(400, "script_exception", $"the fake Elasticsearch has no translation of this Painless script (add one to FakePainless): {source.Split('\n')[0]}");
}

/// <summary>Date values as Elasticsearch's date fields read them: ISO 8601 text (no offset = UTC) or epoch milliseconds.</summary>
public static class FakeDates
{
    /// <summary>https://www.elastic.co/guide/en/elasticsearch/reference/current/date.html: strict_date_optional_time||epoch_millis, UTC when no offset is given.</summary>
    public static bool TryInstant(JsonNode node, out DateTimeOffset instant)
    {
        instant = default;
        if (node is not JsonValue v) return false;
        if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var millis))
        {
            instant = DateTimeOffset.FromUnixTimeMilliseconds(millis);
            return true;
        }
        if (v.GetValueKind() != JsonValueKind.String) return false;
        var s = v.GetValue<string>();
        return s.Length >= 10 && s[4] == '-'
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }

    /// <summary>DateFieldMapper.DEFAULT_DATE_TIME_FORMATTER (strict_date_optional_time, UTC, milliseconds): how a date is printed.</summary>
    public static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
