using ControlPlane.Fraud;

namespace ControlPlane.Loading;

/// <summary>A page after mapping (stage 2): its rows in key order, ready for the fraud check.</summary>
public sealed record MappedPage(long Sequence, ChangeKey LastKey, IReadOnlyList<MappedRow> Rows);

/// <summary>A row after the fraud check: the verdict (sales only) and whether a stale fraud document must go.</summary>
public sealed record CheckedRow(MappedRow Row, FraudVerdict? Verdict, bool RemoveFraudDocument)
{
    /// <summary>
    /// Where the written version of this sale was, when that is another store or local day than the row's now (a move, or a
    /// delete of a moved sale): that daily AOV row is recomputed through a tombstone of its own. Defaults to none.
    /// </summary>
    public SaleLocation? MovedFrom { get; init; }
}

/// <summary>An already written sale whose verdict the page changes: rewritten with its own version, flagged or not by <see cref="Verdict"/>.</summary>
public sealed record RecheckedSale(Sale Sale, FraudVerdict? Verdict);

/// <summary>A page after the fraud check (stage 3), ready for the bulk senders.</summary>
public sealed record CheckedPage(long Sequence, ChangeKey LastKey, IReadOnlyList<CheckedRow> Rows, DateTimeOffset CheckedAt)
{
    /// <summary>Written sales this page re-flags or un-flags (not rows of the page). Defaults to none.</summary>
    public IReadOnlyList<RecheckedSale> Rechecks { get; init; } = [];

    /// <summary>
    /// Earlier pages of the run that wrote a sale this page re-checks: this page is sent only after they finished, so
    /// their write (same version) cannot land after the re-check and undo it. Defaults to none.
    /// </summary>
    public IReadOnlyList<long> SendAfter { get; init; } = [];
}
