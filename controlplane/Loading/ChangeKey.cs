using System.Globalization;

namespace ControlPlane.Loading;

/// <summary>
/// A row's position in the change stream: (updated_at, id), the order the loader reads in.
/// <see cref="UpdatedAt"/> is the source's DATETIME as stored (local wall-clock time, no zone attached).
/// </summary>
public readonly record struct ChangeKey(DateTime UpdatedAt, long Id) : IComparable<ChangeKey>
{
    /// <summary>Before every row: MySQL's smallest DATETIME and the smallest id.</summary>
    public static readonly ChangeKey Start = new(new DateTime(1000, 1, 1), long.MinValue);

    /// <summary>How DATETIME(6) values are written to and read from MySQL as text.</summary>
    public const string SqlFormat = "yyyy-MM-dd HH:mm:ss.ffffff";

    public int CompareTo(ChangeKey other)
    {
        var c = UpdatedAt.CompareTo(other.UpdatedAt);
        return c != 0 ? c : Id.CompareTo(other.Id);
    }

    public static bool operator <(ChangeKey a, ChangeKey b) => a.CompareTo(b) < 0;
    public static bool operator >(ChangeKey a, ChangeKey b) => a.CompareTo(b) > 0;
    public static bool operator <=(ChangeKey a, ChangeKey b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ChangeKey a, ChangeKey b) => a.CompareTo(b) >= 0;

    public static ChangeKey Max(ChangeKey a, ChangeKey b) => a >= b ? a : b;

    public string UpdatedAtText => UpdatedAt.ToString(SqlFormat, CultureInfo.InvariantCulture);

    public override string ToString() => $"({UpdatedAtText}, {Id.ToString(CultureInfo.InvariantCulture)})";
}
