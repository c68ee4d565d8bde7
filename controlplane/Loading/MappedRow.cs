using ControlPlane.Fraud;

namespace ControlPlane.Loading;

/// <summary>What a source row becomes: a sale to index, a delete, or a dead letter.</summary>
public abstract record MappedRow(SourceRow Row, string SaleId, long Version);

/// <summary>A good row: indexed into <c>platform_sales</c> (and <c>platform_fraud_sales</c> when flagged).</summary>
public sealed record SaleRow(SourceRow Row, Sale Sale) : MappedRow(Row, Sale.SaleId, Sale.Version);

/// <summary>
/// Where a sale was in the AOV: its store and the instant and local day it was sold (docs/assets.md, "Deletes").
/// A tombstone carries it so the daily transform recomputes that (store, day); unknown parts stay null.
/// </summary>
public sealed record SaleLocation(string? StoreId, DateTimeOffset? SoldAt, DateOnly? SoldDate)
{
    /// <summary>Whether a sale written at <paramref name="other"/> counts in another daily AOV row than one at this location.</summary>
    public bool IsOtherDayOrStore(SaleLocation other) => other.StoreId != StoreId || other.SoldDate != SoldDate;
}

/// <summary>A soft-deleted row: replaced by a tombstone in <c>platform_sales</c> and <c>platform_fraud_sales</c>.</summary>
public sealed record DeletedRow(SourceRow Row, string SaleId, long Version) : MappedRow(Row, SaleId, Version)
{
    /// <summary>Where the row says the sale was (its tombstone's store and day). Defaults to unknown.</summary>
    public SaleLocation Location { get; init; } = new(null, null, null);

    /// <summary>
    /// The payment the row last describes (when its card, amount and sold_at are readable): the sales of its card and amount
    /// that counted it are re-checked when it leaves, even if its indexed copy is already gone. Defaults to null.
    /// </summary>
    public FraudCandidate? Leaving { get; init; }
}

/// <summary>A row that cannot become a sale; <see cref="Reason"/> says why without quoting the card number.</summary>
public sealed record BadRow(SourceRow Row, string SaleId, long Version, string Reason) : MappedRow(Row, SaleId, Version)
{
    /// <summary>Where the row says the sale was (its tombstone's store and day). Defaults to unknown.</summary>
    public SaleLocation Location { get; init; } = new(null, null, null);

    /// <summary>
    /// The payment the row last describes (when its card, amount and sold_at are readable): the sales of its card and amount
    /// that counted it are re-checked when it leaves, even if its indexed copy is already gone. Defaults to null.
    /// </summary>
    public FraudCandidate? Leaving { get; init; }
}
