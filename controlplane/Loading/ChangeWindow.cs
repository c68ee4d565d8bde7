namespace ControlPlane.Loading;

/// <summary>
/// Which rows one run reads: keys after <see cref="After"/> up to updated_at <see cref="UpperUpdatedAt"/> (inclusive),
/// optionally only rows whose sold_at lies in [<see cref="SoldFrom"/>, <see cref="SoldTo"/>] (backfill).
/// All times are the source's local DATETIME values.
/// </summary>
public sealed record ChangeWindow(ChangeKey After, DateTime UpperUpdatedAt, DateTime? SoldFrom = null, DateTime? SoldTo = null);
