namespace ControlPlane.Fraud;

/// <summary>
/// Sales checked earlier in the same run that Elasticsearch may not return yet (indexed but not refreshed, or still in
/// flight). The fraud stage adds each page after checking it and drops pages once they are indexed and a refresh made
/// them searchable, so the window holds only the pages in flight: bounded memory, exact counts.
/// A deleted sale is kept as a tombstone so a stale searchable copy does not count.
/// </summary>
public sealed class RecentSalesWindow
{
    private readonly Dictionary<long, List<string>> _pages = [];
    private readonly Dictionary<string, Entry> _latest = new(StringComparer.Ordinal);

    private sealed record Entry(long Page, FraudCandidate? Sale, bool Flagged);

    public int PageCount => _pages.Count;
    public int SaleCount => _latest.Count;
    public IReadOnlyCollection<long> Pages => _pages.Keys;

    /// <summary>Adds a checked page: each sale id with its current sale (null when deleted) and whether it was flagged.</summary>
    public void Add(long page, IEnumerable<(string SaleId, FraudCandidate? Sale, bool Flagged)> entries)
    {
        var ids = new List<string>();
        foreach (var (id, sale, flagged) in entries)
        {
            _latest[id] = new Entry(page, sale, flagged);
            ids.Add(id);
        }
        _pages[page] = ids;
    }

    /// <summary>Forgets a page whose sales are now searchable (a later page's version of a sale stays).</summary>
    public void Drop(long page)
    {
        if (!_pages.Remove(page, out var ids)) return;
        foreach (var id in ids)
            if (_latest.TryGetValue(id, out var e) && e.Page == page) _latest.Remove(id);
    }

    /// <summary>Whether this run flagged the sale in an earlier page (its fraud document may not be searchable yet).</summary>
    public bool WasFlagged(string saleId) => _latest.TryGetValue(saleId, out var e) && e.Flagged;

    /// <summary>
    /// The earlier sales of <paramref name="cards"/> sold from <paramref name="from"/> to <paramref name="to"/>: what the search found,
    /// overridden by this window's newer versions and tombstones, without the page's own ids; one entry per sale id.
    /// </summary>
    public IReadOnlyList<FraudCandidate> Merge(IEnumerable<FraudCandidate> searched, IReadOnlySet<string> pageIds, IReadOnlySet<string> cards, DateOnly from, DateOnly to)
    {
        var result = new Dictionary<string, FraudCandidate>(StringComparer.Ordinal);
        foreach (var s in searched)
            if (!pageIds.Contains(s.SaleId) && !_latest.ContainsKey(s.SaleId)) result[s.SaleId] = s;
        foreach (var (id, entry) in _latest)
        {
            if (entry.Sale is not { } sale || pageIds.Contains(id)) continue;
            if (cards.Contains(sale.CardFingerprint) && sale.SoldDate >= from && sale.SoldDate <= to) result[id] = sale;
        }
        return result.Values.ToList();
    }
}
