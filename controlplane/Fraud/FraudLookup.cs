namespace ControlPlane.Fraud;

/// <summary>
/// What the check needs besides the page: weekly AOV by (store, local day) and the earlier sales of the page's cards
/// (one entry per sale id, none of the page's own ids).
/// </summary>
public sealed record FraudLookup(IReadOnlyDictionary<(string StoreId, DateOnly Date), double> WeeklyAov, IReadOnlyList<FraudCandidate> EarlierSales)
{
    public static readonly FraudLookup Empty = new(new Dictionary<(string, DateOnly), double>(), []);
}
