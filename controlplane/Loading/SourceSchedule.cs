using NCrontab;
using ControlPlane.Sources;

namespace ControlPlane.Loading;

/// <summary>A source's five-field cron schedule, read in the source's own time zone (NCrontab works on wall-clock times).</summary>
public sealed class SourceSchedule(CrontabSchedule cron, TimeZoneInfo zone)
{
    public static SourceSchedule For(SourceDefinition source) => new(CrontabSchedule.Parse(source.Schedule), source.TimeZoneInfo);

    /// <summary>The first occurrence strictly after <paramref name="instant"/>. A wall-clock time skipped by a DST change runs at the first valid minute after it.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var next = cron.GetNextOccurrence(local);
        while (zone.IsInvalidTime(next)) next = next.AddMinutes(1);
        var candidate = new DateTimeOffset(next, zone.GetUtcOffset(next));
        // An ambiguous wall-clock time (DST fall-back) can map before the instant; take the next occurrence then.
        return candidate > instant ? candidate : NextAfter(candidate.AddMinutes(1));
    }

    /// <summary>Whether an occurrence fell between the last finished run and now: such a missed run runs once at start. Never run counts as missed.</summary>
    public bool Missed(DateTimeOffset? lastFinished, DateTimeOffset now) => lastFinished is not { } last || NextAfter(last) <= now;
}
