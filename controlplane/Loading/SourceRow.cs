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
    /// <summary>Local time of the source's zone, as stored.</summary>
    public DateTime? SoldAt { get; init; }
    /// <summary>The DATETIME exactly as the database holds it: the keyset position, dead-letter id and version come from it.</summary>
    public required DateTime UpdatedAt { get; init; }
    /// <summary>What <see cref="UpdatedAt"/> means (see <see cref="UpdatedAtClock"/>); its wall-clock part equals <see cref="UpdatedAt"/>.</summary>
    public required DateTimeOffset UpdatedAtInstant { get; init; }
    public DateTime? DeletedAt { get; init; }

    public ChangeKey Key => new(UpdatedAt, Id) { Instant = UpdatedAtInstant };

    public override string ToString() =>
        $"row id={Id.ToString(CultureInfo.InvariantCulture)} updated_at={UpdatedAtInstant.ToString(LoaderState.WatermarkFormat, CultureInfo.InvariantCulture)}";
}
