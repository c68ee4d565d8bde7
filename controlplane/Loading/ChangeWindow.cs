namespace ControlPlane.Loading;

/// <summary>
/// Which rows one run reads: keys after <see cref="After"/> up to updated_at <see cref="UpperUpdatedAt"/> (inclusive),
/// optionally only rows whose sold_at lies in [<see cref="SoldFrom"/>, <see cref="SoldTo"/>] (backfill).
/// Bounds are values as the database holds them (updated_at in its own terms, sold_at local time of the source's
/// zone); <see cref="Clock"/> says what the read updated_at values mean as instants.
/// </summary>
public sealed record ChangeWindow(ChangeKey After, DateTime UpperUpdatedAt, DateTime? SoldFrom = null, DateTime? SoldTo = null)
{
    public required UpdatedAtClock Clock { get; init; }
}
