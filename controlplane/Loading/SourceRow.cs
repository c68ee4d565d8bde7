using System.Globalization;

namespace ControlPlane.Loading;

/// <summary>
/// One row of a source table as read, in the sale document's terms (the source's column names already applied).
/// Holds the raw card number: it must never be logged, so <see cref="ToString"/> leaves it out.
/// </summary>
public sealed class SourceRow
{
    public required long Id { get; init; }
    /// <summary>The platform column's value; null for sources with a fixed platform.</summary>
    public string? Platform { get; init; }
    public string? StoreId { get; init; }
    /// <summary>The raw card number. Only <see cref="CardFingerprint"/> may read it.</summary>
    public string? CardNumber { get; init; }
    public decimal? AmountSale { get; init; }
    public DateTime? SoldAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
    public DateTime? DeletedAt { get; init; }

    public ChangeKey Key => new(UpdatedAt, Id);

    public override string ToString() =>
        $"row id={Id.ToString(CultureInfo.InvariantCulture)} updated_at={UpdatedAt.ToString(ChangeKey.SqlFormat, CultureInfo.InvariantCulture)}";
}
