using Cronos;
using ControlPlane.Sources;

namespace ControlPlane.Loading;

/// <summary>
/// A source's five-field cron schedule in the source's own time zone. Daylight saving is Cronos's (as Vixie cron): a
/// time skipped in spring runs at the first valid time after it; in an autumn repeat a fixed time runs once (the first
/// time) and an interval expression (<c>*/30 * * * *</c>) keeps running through both hours.
/// </summary>
public sealed class SourceSchedule(CronExpression cron, TimeZoneInfo zone)
{
    public static SourceSchedule For(SourceDefinition source) => new(CronExpression.Parse(source.Schedule, CronFormat.Standard), source.TimeZoneInfo);

    /// <summary>The first occurrence strictly after <paramref name="instant"/>, with the zone's offset at that time.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset instant) =>
        cron.GetNextOccurrence(instant, zone)
        ?? throw new InvalidOperationException($"cron expression '{cron}' never occurs again after {instant:O}");

    /// <summary>Whether an occurrence fell between the last finished run and now: such a missed run runs once at start. Never run counts as missed.</summary>
    public bool Missed(DateTimeOffset? lastFinished, DateTimeOffset now) => lastFinished is not { } last || NextAfter(last) <= now;
}
