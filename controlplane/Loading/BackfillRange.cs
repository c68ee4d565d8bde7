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
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return endOfDay ? day.ToDateTime(TimeOnly.MinValue).AddDays(1).AddTicks(-10) : day.ToDateTime(TimeOnly.MinValue);
        if (DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)) return at;
        throw new ArgumentException($"{option} '{text}' is not a date (2026-11-21) or a local date-time (2026-11-21T14:05:00)");
    }
}
