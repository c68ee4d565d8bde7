namespace ControlPlane.Loading;

/// <summary>
/// The external version of every document a row produces: a number derived from the row's updated_at exactly as the
/// database holds it (its wall-clock value, no zone), never from a zone or offset learned at run time, so the same row
/// version gets the same number in every run, on every host, before and after a DST change, and a later value always
/// gets a greater number (the keyset's own order).
/// </summary>
public static class Versions
{
    /// <summary>
    /// Added to every version: the largest zone offset. Before issue 14 the version was the value read as local time of
    /// the source's zone (the value minus that zone's offset, at most 12 h west of UTC); this keeps every new version
    /// above the one an older loader wrote for the same row version, so no document refuses its re-write.
    /// </summary>
    private static readonly long Lift = TimeSpan.FromHours(14).Ticks / 10;

    /// <summary>µs of the value as read, counted from 1970-01-01 00:00 on the same wall clock, plus 14 h.</summary>
    public static long Of(DateTime updatedAtAsRead) => (updatedAtAsRead.Ticks - DateTime.UnixEpoch.Ticks) / 10 + Lift;

    /// <summary>The version of a stored document's updated_at: its wall-clock part is the value as read (see <see cref="UpdatedAtClock.ToInstant"/>).</summary>
    public static long Of(DateTimeOffset storedUpdatedAt) => Of(storedUpdatedAt.DateTime);
}
