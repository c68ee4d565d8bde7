using ControlPlane.Fraud;

namespace ControlPlane.Loading;

/// <summary>
/// What the fraud stage asks Elasticsearch about one page before checking it: the written sales with the same card and
/// amount as the page's payments, around its days, and the written versions of its own rows, in one search. Everything
/// here is derived from the page alone, so the search can start while the page before it is still being checked
/// (<see cref="FraudCheckStage.RunAsync"/>); this run's own writes (the window) are merged in only when the page is checked.
/// </summary>
internal sealed record PageLookup(
    MappedPage Page,
    IReadOnlyList<FraudCandidate> Candidates,
    IReadOnlyList<FraudCandidate> Leaving,
    IReadOnlySet<string> PageIds,
    HashSet<(string Card, decimal Amount)> Payments,
    HashSet<string> Cards,
    IReadOnlyDictionary<string, string> CurrentOf,
    DateOnly From,
    DateOnly To,
    Task<List<IndexedSale>> Searched);
