using System.Globalization;

namespace ControlPlane.Loading;

/// <summary>Reads the <c>--from</c>/<c>--to</c> of <c>backfill</c>: ISO dates (a whole local day) or local date-times.</summary>
public static class BackfillRange
{
    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFF", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>A date means its first microsecond (<paramref name="endOfDay"/> false) or its last (true).</summary>
    public static DateTime Parse(string option, string text, bool endOfDay)
    {
        text = text.Trim();
        DateTime value;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            value = endOfDay ? EndOf(day) : day.ToDateTime(TimeOnly.MinValue);
        else if (!DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
            throw new ArgumentException($"{option} '{text}' is not a date (2026-11-21) or a local date-time (2026-11-21T14:05:00)");
        // MySQL's DATETIME holds 1000-01-01 00:00:00 to 9999-12-31 23:59:59.999999.
        if (value.Year < 1000) throw new ArgumentException($"{option} '{text}' is before 1000-01-01, the first day MySQL's DATETIME holds");
        return value;
    }

    /// <summary>The last microsecond of <paramref name="day"/> (9999-12-31 included: no day after it is needed).</summary>
    public static DateTime EndOf(DateOnly day) => day.ToDateTime(new TimeOnly(23, 59, 59)).AddTicks(9_999_990);
}
