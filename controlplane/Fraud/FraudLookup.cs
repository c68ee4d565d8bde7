namespace ControlPlane.Fraud;

/// <summary>
/// What the check needs besides the page: weekly AOV by (store, local day), the already written sales of the page's
/// cards around the page's days (<see cref="EarlierSales"/>: earlier AND later ones, one entry per sale id, none of the
/// page's own ids), and <see cref="Replaced"/>: the written versions of the page's own ids, whose (card, amount) pairs
/// lose a payment when the page deletes or changes them.
/// </summary>
public sealed record FraudLookup(IReadOnlyDictionary<(string StoreId, DateOnly Date), double> WeeklyAov, IReadOnlyList<FraudCandidate> EarlierSales)
{
    public static readonly FraudLookup Empty = new(new Dictionary<(string, DateOnly), double>(), []);

    /// <summary>The written versions of the page's own sale ids (deleted, turned bad, changed or replayed). Defaults to none.</summary>
    public IReadOnlyList<FraudCandidate> Replaced { get; init; } = [];
}
