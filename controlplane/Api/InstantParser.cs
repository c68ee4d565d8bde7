using System.Globalization;
using System.Text.RegularExpressions;

namespace ControlPlane.Api;

/// <summary>
/// Reads <c>from</c>/<c>to</c> (interface.md): an ISO 8601 date means that whole local day in the API's zone (both ends
/// inclusive); a date-time with an offset is that instant; a date-time without one is local time in the API's zone.
/// </summary>
public static partial class InstantParser
{
    /// <summary>A parsed bound: the instant it starts at, and whether it was a whole day.</summary>
    public readonly record struct Bound(DateTimeOffset Start, DateOnly? Day)
    {
        /// <summary>The exclusive end of a whole day (the next local midnight), for an inclusive <c>to</c> date.</summary>
        public DateTimeOffset ExclusiveEndOfDay(TimeZoneInfo zone) => LocalMidnight(Day!.Value.AddDays(1), zone);
    }

    public static Bound Parse(string parameter, string text, TimeZoneInfo zone)
    {
        var s = text.Trim();
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new Bound(LocalMidnight(day, zone), day);
        var m = DateTime().Match(s);
        if (m.Success)
        {
            if (m.Groups["offset"].Success &&
                DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
                return new Bound(withOffset, null);
            if (!m.Groups["offset"].Success &&
                System.DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                return new Bound(new DateTimeOffset(local, zone.GetUtcOffset(local)), null);
        }
        throw new ParameterException(parameter, $"'{text}' is not an ISO 8601 date (2026-11-21) or date-time (2026-11-21T14:05:00+09:00)");
    }

    /// <summary>The local day an instant falls on in the zone.</summary>
    public static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    private static DateTimeOffset LocalMidnight(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>ISO text Elasticsearch's default date format reads, in the zone's offset.</summary>
    public static string Format(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(?<offset>Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex DateTime();
}
