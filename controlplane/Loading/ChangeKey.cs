using System.Globalization;

namespace ControlPlane.Loading;

/// <summary>
/// A row's position in the change stream: (updated_at, id), the order the loader reads in.
/// <see cref="UpdatedAt"/> is the source's DATETIME exactly as the database holds it (no zone attached): the keyset
/// compares only that and the id. <see cref="Instant"/> is what that value means (see <see cref="UpdatedAtClock"/>),
/// carried along for the state document and logs; it takes no part in order or equality.
/// </summary>
public readonly record struct ChangeKey(DateTime UpdatedAt, long Id) : IComparable<ChangeKey>
{
    /// <summary>Before every row: MySQL's smallest DATETIME and the smallest id.</summary>
    public static readonly ChangeKey Start = new(new DateTime(1000, 1, 1), long.MinValue);

    /// <summary>How DATETIME(6) values are written to and read from MySQL as text.</summary>
    public const string SqlFormat = "yyyy-MM-dd HH:mm:ss.ffffff";

    /// <summary>The instant of <see cref="UpdatedAt"/>, its wall-clock part equal to it; null when unknown (window bounds).</summary>
    public DateTimeOffset? Instant { get; init; }

    public int CompareTo(ChangeKey other)
    {
        var c = UpdatedAt.CompareTo(other.UpdatedAt);
        return c != 0 ? c : Id.CompareTo(other.Id);
    }

    public bool Equals(ChangeKey other) => UpdatedAt == other.UpdatedAt && Id == other.Id;

    public override int GetHashCode() => HashCode.Combine(UpdatedAt, Id);

    public static bool operator <(ChangeKey a, ChangeKey b) => a.CompareTo(b) < 0;
    public static bool operator >(ChangeKey a, ChangeKey b) => a.CompareTo(b) > 0;
    public static bool operator <=(ChangeKey a, ChangeKey b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ChangeKey a, ChangeKey b) => a.CompareTo(b) >= 0;

    public static ChangeKey Max(ChangeKey a, ChangeKey b) => a >= b ? a : b;

    public string UpdatedAtText => UpdatedAt.ToString(SqlFormat, CultureInfo.InvariantCulture);

    /// <summary>For logs: the instant with its offset when known (the true time), else the value as stored.</summary>
    public override string ToString() =>
        $"({(Instant is { } t ? t.ToString(LoaderState.WatermarkFormat, CultureInfo.InvariantCulture) : UpdatedAtText)}, {Id.ToString(CultureInfo.InvariantCulture)})";
}
