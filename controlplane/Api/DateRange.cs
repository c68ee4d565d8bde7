using System.Globalization;
using System.Text.Json.Nodes;

namespace ControlPlane.Api;

/// <summary>The <c>from</c>/<c>to</c> parameters as Elasticsearch range filters, both ends inclusive (interface.md).</summary>
public static class DateRange
{
    /// <summary>A range on an instant field (<c>sold_at</c>); a <c>to</c> date covers that whole local day. Null when neither is given.</summary>
    public static JsonObject? OnInstants(string field, string? from, string? to, TimeZoneInfo zone)
    {
        if (from is null && to is null) return null;
        var bounds = new JsonObject();
        InstantParser.Bound? start = from is null ? null : InstantParser.Parse("from", from, zone);
        InstantParser.Bound? end = to is null ? null : InstantParser.Parse("to", to, zone);
        if (start is { } s && end is { } e && (e.Day is null ? s.Start > e.Start : s.Start >= e.ExclusiveEndOfDay(zone)))
            throw new ParameterException("from", $"'{from}' is after to '{to}'");
        if (start is { } b) bounds["gte"] = InstantParser.Format(b.Start, zone);
        if (end is { } x)
        {
            if (x.Day is not null) bounds["lt"] = InstantParser.Format(x.ExclusiveEndOfDay(zone), zone);
            else bounds["lte"] = InstantParser.Format(x.Start, zone);
        }
        return SaleSearch.Range(field, bounds);
    }

    /// <summary>Required <c>from</c>/<c>to</c> as local days (a date-time counts for the day it falls on), at most <paramref name="maxDays"/> apart.</summary>
    public static (DateOnly From, DateOnly To) Days(string? from, string? to, TimeZoneInfo zone, int maxDays)
    {
        if (from is null) throw new ParameterException("from", "required (an ISO 8601 date like 2026-11-01)");
        if (to is null) throw new ParameterException("to", "required (an ISO 8601 date like 2026-11-21)");
        var first = Day(InstantParser.Parse("from", from, zone), zone);
        var last = Day(InstantParser.Parse("to", to, zone), zone);
        if (first > last) throw new ParameterException("from", $"'{from}' is after to '{to}'");
        if (last.DayNumber - first.DayNumber + 1 > maxDays) throw new ParameterException("to", $"the range covers more than {maxDays} days");
        return (first, last);
    }

    /// <summary>A range on a local-day field (<c>date</c> of the AOV indices) from the first to the last day, inclusive.</summary>
    public static JsonObject OnDays(string field, DateOnly first, DateOnly last) => SaleSearch.Range(field, new JsonObject
    {
        ["gte"] = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["lt"] = last.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["format"] = "yyyy-MM-dd",
    });

    /// <summary>
    /// A range on a field holding the instant a local day starts (the daily AOV <c>date</c>): from the first day's local
    /// midnight to the one after the last day, as instants with the zone's offset, so no time_zone or rounding is involved.
    /// </summary>
    public static JsonObject OnLocalDayStarts(string field, DateOnly first, DateOnly last, TimeZoneInfo zone) => SaleSearch.Range(field, new JsonObject
    {
        ["gte"] = InstantParser.Format(InstantParser.Parse("from", first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), zone).Start, zone),
        ["lt"] = InstantParser.Format(InstantParser.Parse("to", last.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), zone).Start, zone),
    });

    private static DateOnly Day(InstantParser.Bound bound, TimeZoneInfo zone) => bound.Day ?? InstantParser.LocalDay(bound.Start, zone);
}
