namespace ControlPlane.Loading;

/// <summary>
/// What became of a page's rows once it was sent: every row is exactly one of indexed, deleted or dead-lettered.
/// <see cref="Flagged"/> counts the sales it flagged (its own and re-flagged written ones), <see cref="Unflagged"/> the
/// written sales whose flag it removed (re-checked ones and its own rows that no longer match).
/// </summary>
public sealed record PageOutcome(long Sequence, ChangeKey LastKey, int Indexed, int Flagged, int Deleted, int DeadLettered, int Unflagged = 0)
{
    /// <summary>The sales behind <see cref="Flagged"/>, so a run counts a sale it flags on two pages (its own, then a re-check) once.</summary>
    public IReadOnlyList<string> FlaggedSaleIds { get; init; } = [];

    /// <summary>The sales behind <see cref="Unflagged"/>.</summary>
    public IReadOnlyList<string> UnflaggedSaleIds { get; init; } = [];

    /// <summary>
    /// Writes of sales this page sent although an earlier write of the same id may already have landed: its re-checks
    /// (written sales re-flagged or un-flagged) and actions re-sent after a transient failure. Both are idempotent (the
    /// same external version), so Elasticsearch keeps one document per sale; a stand-in that counts arrivals needs them.
    /// </summary>
    public int Rewrites { get; init; }

    /// <summary>What the indexed rows changed in <c>platform_sales</c> (<see cref="SaleChanges"/>). Defaults to none.</summary>
    public SaleChanges Changes { get; init; }
}
