namespace ControlPlane.Loading;

/// <summary>The external version of every document a row produces: its updated_at in microseconds since the epoch.</summary>
public static class Versions
{
    public static long Of(DateTimeOffset updatedAt) => (updatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>The updated_at instant (UTC) a version was made from.</summary>
    public static DateTimeOffset Instant(long version) => DateTimeOffset.UnixEpoch.AddTicks(version * 10);
}
