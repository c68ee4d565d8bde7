using System.Globalization;

namespace ControlPlane.ElasticRules;

/// <summary>
/// Dates as a <c>date</c> field reads them (default format <c>strict_date_optional_time||epoch_millis</c>), in
/// epoch milliseconds. A query's date without an offset is in the query's <c>time_zone</c> (UTC without one); a
/// document's is UTC (https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl-range-query.html,
/// "time_zone": it converts date values in the query to UTC). Rounding up fills the components the text leaves out
/// with their largest value, so <c>lte "2026-11-21"</c> means up to 2026-11-21T23:59:59.999 ("Missing date components";
/// DateFieldMapper.DateFieldType.parseToLong(value, roundUp, ...) in elastic/elasticsearch).
/// </summary>
public static class EsDates
{
    public const long MillisPerDay = 86_400_000;
    public static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>
    /// Parses <c>yyyy-MM-dd</c>, <c>yyyy-MM-ddTHH:mm[:ss[.fff]]</c> with or without an offset. <paramref name="roundUp"/>
    /// gives the last millisecond the text covers (the day's, the second's or the minute's).
    /// </summary>
    public static bool TryParse(string text, string? timeZone, bool roundUp, out long millis)
    {
        millis = 0;
        if (text.Length < 10 || text[4] != '-' || text[7] != '-') return false;
        if (!TryParseDay(text.AsSpan(0, 10), out var day)) return false;
        var zone = Zone(timeZone);
        if (text.Length == 10)
        {
            var start = Local(day.ToDateTime(TimeOnly.MinValue), zone);
            millis = roundUp ? Local(day.AddDays(1).ToDateTime(TimeOnly.MinValue), zone) - 1 : start;
            return true;
        }
        if (text[10] != 'T' && text[10] != ' ') return false;
        var hasOffset = text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10;
        var styles = hasOffset ? DateTimeStyles.None : DateTimeStyles.AssumeUniversal;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out var instant)) return false;
        millis = hasOffset ? instant.ToUnixTimeMilliseconds() : Local(instant.DateTime, zone);
        if (roundUp)
        {
            var time = text.AsSpan(11);
            var end = time.IndexOfAny(['Z', '+', '-']);
            if (end >= 0) time = time[..end];
            if (time.Length == 5) millis += 59_999; // HH:mm: the whole minute
            else if (!time.Contains('.')) millis += 999; // HH:mm:ss: the whole second
        }
        return true;
    }

    /// <summary>
    /// A strict <c>yyyy-MM-dd</c> read digit by digit: the culture-aware <see cref="DateOnly.TryParseExact(ReadOnlySpan{char}, ReadOnlySpan{char}, IFormatProvider, DateTimeStyles, out DateOnly)"/>
    /// was the bench stand-in's largest cost (every bulk document and every range bound of every query).
    /// </summary>
    public static bool TryParseDay(ReadOnlySpan<char> text, out DateOnly day)
    {
        day = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-') return false;
        if (!Digits(text[..4], out var year) || !Digits(text[5..7], out var month) || !Digits(text[8..10], out var dayOfMonth)) return false;
        if (year < 1 || month is < 1 or > 12 || dayOfMonth < 1 || dayOfMonth > DateTime.DaysInMonth(year, month)) return false;
        day = new DateOnly(year, month, dayOfMonth);
        return true;

        static bool Digits(ReadOnlySpan<char> s, out int value)
        {
            value = 0;
            foreach (var c in s)
            {
                if (c is < '0' or > '9') return false;
                value = value * 10 + (c - '0');
            }
            return true;
        }
    }

    private static TimeZoneInfo Zone(string? timeZone)
    {
        if (timeZone is null or "UTC" or "Z") return TimeZoneInfo.Utc;
        if (timeZone[0] is '+' or '-' && TimeSpan.TryParse(timeZone.TrimStart('+'), CultureInfo.InvariantCulture, out var offset))
            return TimeZoneInfo.CreateCustomTimeZone(timeZone, offset, timeZone, timeZone);
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new QueryParsingException($"unknown time zone [{timeZone}]", "illegal_argument_exception");
        }
    }

    private static long Local(DateTime local, TimeZoneInfo zone) =>
        new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(local)).ToUnixTimeMilliseconds();
}
