using System.Globalization;
using ControlPlane.Sources;
using MySqlConnector;

namespace ControlPlane.Loading;

/// <summary>
/// What a source's <c>updated_at</c> values mean as instants, and the database clock in their terms, learned once per
/// run on the run's connection. Two cases (docs/design.md, "Time"):
/// <list type="bullet">
/// <item>Stamped by the database (the default): the values are wall-clock time of the database session's zone
/// (<c>CURRENT_TIMESTAMP(6)</c>). Each row's instant is the database's own conversion, <c>UNIX_TIMESTAMP(updated_at)</c>
/// in the select list, so a DST zone converts per row by its own rules (a single offset learned now would be an hour
/// off for rows written on the other side of a DST change). The session's offset now is kept as the fallback for values
/// outside UNIX_TIMESTAMP's range.</item>
/// <item>Declared (<c>updated_at_time_zone</c> in the source file): an application wrote the values as wall-clock time
/// of that zone; they are converted here, and "now" is the database's UTC clock shown in that zone.</item>
/// </list>
/// Either way the keyset compares the database's own values with a bound taken from the database's own clock.
/// </summary>
public sealed class UpdatedAtClock
{
    private readonly TimeZoneInfo? _declared;
    private readonly TimeSpan _sessionOffset;

    private UpdatedAtClock(TimeZoneInfo? declared, TimeSpan sessionOffset, string sessionZone, DateTime now, DateTimeOffset nowInstant)
    {
        _declared = declared;
        _sessionOffset = sessionOffset;
        SessionZone = sessionZone;
        Now = now;
        NowInstant = nowInstant;
    }

    /// <summary>Whether the rows' instants come from the database (<c>UNIX_TIMESTAMP</c> in the page query).</summary>
    public bool FromDatabase => _declared is null;
    /// <summary>The database clock as an updated_at value would show it now (the upper bound of a run is this minus the lag).</summary>
    public DateTime Now { get; }
    /// <summary>The database clock as an instant.</summary>
    public DateTimeOffset NowInstant { get; }
    /// <summary>The session's <c>time_zone</c> (<c>SYSTEM</c>, a name or an offset), for messages.</summary>
    public string SessionZone { get; }

    /// <summary>How the values are read, for logs: <c>database session zone SYSTEM (+00:00 now)</c> or <c>declared Asia/Seoul</c>.</summary>
    public string Describe() => _declared is { } z
        ? $"declared {z.Id}"
        : $"database session zone {SessionZone} ({Offset(_sessionOffset)} now)";

    /// <summary>Reads the session's zone, offset and clock in one statement.</summary>
    public static async Task<UpdatedAtClock> ReadAsync(MySqlConnection connection, SourceDefinition source, CancellationToken ct)
    {
        await using var command = new MySqlCommand(
            "SELECT NOW(6), UTC_TIMESTAMP(6), @@session.time_zone, @@system_time_zone", connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        var now = reader.GetDateTime(0);
        var utc = reader.GetDateTime(1);
        var zone = reader.GetString(2);
        if (zone == "SYSTEM") zone = $"SYSTEM={reader.GetString(3)}";
        var instant = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), TimeSpan.Zero);
        var declared = source.UpdatedAtTimeZoneInfo;
        var wallNow = declared is null ? now : TimeZoneInfo.ConvertTime(instant, declared).DateTime;
        return new UpdatedAtClock(declared, WholeMinutes(now - utc), zone, wallNow, instant);
    }

    /// <summary>A clock for tests and tools that know the zone: values are wall-clock time of <paramref name="zone"/>.</summary>
    public static UpdatedAtClock Declared(TimeZoneInfo zone, DateTimeOffset now) =>
        new(zone, zone.GetUtcOffset(now), zone.Id, TimeZoneInfo.ConvertTime(now, zone).DateTime, now);

    /// <summary>
    /// The instant of a value as read, written with the offset that makes its wall-clock part exactly the value as read
    /// (so the text both says the true instant and still gives back the database's value; <see cref="Versions"/>
    /// and the watermark rely on that). <paramref name="databaseMicros"/> is the row's <c>UNIX_TIMESTAMP</c> in µs, null
    /// when the value lies outside its range.
    /// </summary>
    public DateTimeOffset ToInstant(DateTime asRead, long? databaseMicros)
    {
        var wall = DateTime.SpecifyKind(asRead, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (_declared is { } zone) offset = OffsetIn(zone, wall);
        else if (databaseMicros is { } us) offset = WholeMinutes(wall - DateTime.UnixEpoch.AddTicks(us * 10));
        else offset = _sessionOffset;
        return new DateTimeOffset(wall, offset);
    }

    /// <summary>
    /// The offset of a wall-clock time in <paramref name="zone"/>: in a fall-back repeat the first (daylight) one, as
    /// MariaDB's UNIX_TIMESTAMP picks; in a spring-forward gap (a time no clock showed) the offset before the change.
    /// </summary>
    public static TimeSpan OffsetIn(TimeZoneInfo zone, DateTime wall)
    {
        if (zone.IsAmbiguousTime(wall)) return zone.GetAmbiguousTimeOffsets(wall).Max();
        if (zone.IsInvalidTime(wall)) return zone.GetUtcOffset(wall.AddHours(-3));
        return zone.GetUtcOffset(wall);
    }

    /// <summary>DateTimeOffset takes whole minutes; a value in a DST gap converted by the database can be off by seconds.</summary>
    private static TimeSpan WholeMinutes(TimeSpan offset)
    {
        var minutes = Math.Round(offset.TotalMinutes);
        return TimeSpan.FromMinutes(Math.Clamp(minutes, -14 * 60, 14 * 60));
    }

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hh\\:mm", CultureInfo.InvariantCulture);
}
