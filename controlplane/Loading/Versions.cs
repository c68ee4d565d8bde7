namespace ControlPlane.Loading;

/// <summary>The external version of every document a row produces: its updated_at in microseconds since the epoch.</summary>
public static class Versions
{
    public static long Of(DateTimeOffset updatedAt) => (updatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
