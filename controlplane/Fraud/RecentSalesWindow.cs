namespace ControlPlane.Fraud;

/// <summary>
/// Sales written earlier in the same run that Elasticsearch may not return yet (indexed but not refreshed, or still in
/// flight): the pages' own sales and the sales a page re-checked. The fraud stage adds each page after checking it and
/// drops pages once they are indexed and a refresh made them searchable, so the window holds only the pages in flight:
/// bounded memory, exact counts. A deleted sale is kept as a tombstone so a stale searchable copy does not count.
/// Each entry keeps the page that last wrote the sale (a later write of it must not race that page) and the
/// <typeparamref name="TDocument"/> it wrote, so a later page can rewrite it.
/// </summary>
public sealed class RecentSalesWindow<TDocument> where TDocument : class
{
    private readonly Dictionary<long, List<string>> _pages = [];
    private readonly Dictionary<string, Entry> _latest = new(StringComparer.Ordinal);
    // The sale ids whose latest entry is a sale of each card: a page's merge visits its cards' entries, not the whole
    // window (with a window of 4 to 8 pages, scanning it for every page cost more than the page's own check).
    // A card's one id as a string, several in a HashSet: most cards have one sale in the window.
    private readonly Dictionary<string, object> _idsOfCard = new(StringComparer.Ordinal);

    /// <summary>The latest write of a sale in this run: the page, the sale with its verdict (null when deleted) and the document.</summary>
    public sealed record Entry(long Page, FraudCandidate? Sale, TDocument? Document);

    public int PageCount => _pages.Count;
    public int SaleCount => _latest.Count;
    public IReadOnlyCollection<long> Pages => _pages.Keys;

    /// <summary>Adds a checked page: each sale id it writes, with its sale (null when deleted; <c>Flagged</c> = its verdict) and document.</summary>
    public void Add(long page, IEnumerable<(string SaleId, FraudCandidate? Sale, TDocument? Document)> entries)
    {
        var ids = new List<string>();
        foreach (var (id, sale, document) in entries)
        {
            if (_latest.TryGetValue(id, out var previous)) Unindex(id, previous);
            _latest[id] = new Entry(page, sale, document);
            if (sale is not null) Index(sale.CardFingerprint, id);
            ids.Add(id);
        }
        _pages[page] = ids;
    }

    /// <summary>Forgets a page whose writes are now searchable (a later page's write of a sale stays).</summary>
    public void Drop(long page)
    {
        if (!_pages.Remove(page, out var ids)) return;
        foreach (var id in ids)
        {
            // One lookup: taken out, and put back only when a later page wrote the sale since.
            if (!_latest.Remove(id, out var e)) continue;
            if (e.Page == page) Unindex(id, e);
            else _latest[id] = e;
        }
    }

    private void Index(string card, string id)
    {
        if (!_idsOfCard.TryGetValue(card, out var ofCard)) _idsOfCard[card] = id;
        else if (ofCard is HashSet<string> several) several.Add(id);
        else if (!string.Equals((string)ofCard, id, StringComparison.Ordinal)) _idsOfCard[card] = new HashSet<string>(StringComparer.Ordinal) { (string)ofCard, id };
    }

    private void Unindex(string id, Entry entry)
    {
        // One lookup for the usual case (the card's one sale): taken out, and put back when others remain.
        if (entry.Sale is not { } sale || !_idsOfCard.Remove(sale.CardFingerprint, out var ofCard)) return;
        if (ofCard is HashSet<string> several)
        {
            several.Remove(id);
            if (several.Count > 0) _idsOfCard[sale.CardFingerprint] = several;
        }
        else if (!string.Equals((string)ofCard, id, StringComparison.Ordinal)) _idsOfCard[sale.CardFingerprint] = ofCard;
    }

    private static IEnumerable<string> Ids(object ofCard) => ofCard as HashSet<string> ?? [(string)ofCard];

    /// <summary>Whether this run flagged the sale in an earlier page (its fraud document may not be searchable yet).</summary>
    public bool WasFlagged(string saleId) => _latest.TryGetValue(saleId, out var e) && e.Sale?.Flagged == true;

    /// <summary>This run's latest write of the sale, when a page still in the window wrote it.</summary>
    public Entry? Latest(string saleId) => _latest.GetValueOrDefault(saleId);

    /// <summary>
    /// The written sales of <paramref name="cards"/> sold from <paramref name="from"/> to <paramref name="to"/>: what the search found,
    /// overridden by this window's newer versions and tombstones, without the page's own ids; one entry per sale id.
    /// </summary>
    public IReadOnlyList<FraudCandidate> Merge(IEnumerable<FraudCandidate> searched, IReadOnlySet<string> pageIds, IReadOnlySet<string> cards, DateOnly from, DateOnly to)
    {
        var result = new Dictionary<string, FraudCandidate>(StringComparer.Ordinal);
        foreach (var s in searched)
            if (!pageIds.Contains(s.SaleId) && !_latest.ContainsKey(s.SaleId)) result[s.SaleId] = s;
        foreach (var card in cards)
        {
            if (!_idsOfCard.TryGetValue(card, out var ofCard)) continue;
            foreach (var id in Ids(ofCard))
            {
                if (pageIds.Contains(id)) continue;
                var sale = _latest[id].Sale!;
                if (sale.SoldDate >= from && sale.SoldDate <= to) result[id] = sale;
            }
        }
        return result.Values.ToList();
    }
}
