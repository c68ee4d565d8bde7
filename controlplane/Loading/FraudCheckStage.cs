using ControlPlane.Fraud;

namespace ControlPlane.Loading;

/// <summary>
/// Stage 3: checks pages strictly in key order (one consumer). Per page it makes at most three lookups (weekly AOV,
/// which of its sales are flagged, and the earlier sales of the cards whose sales are above the AOV limit), merges them with the
/// <see cref="RecentSalesWindow"/> of this run's not-yet-searchable pages, and runs the pure <see cref="FraudCheck"/>.
/// Every <c>FraudRefreshEveryPages</c> pages it refreshes the indices and drops the pages that were indexed before the
/// refresh from the window, which keeps it as small as the pages in flight.
/// </summary>
public sealed class FraudCheckStage(
    IReadOnlyList<FraudRule> rules, FraudLookups lookups, Func<long, bool> isFinished, int refreshEvery, TimeZoneInfo zone, TimeProvider time)
{
    private readonly RecentSalesWindow _window = new();
    private readonly IReadOnlyList<FraudRule> _enabled = rules.Where(r => r.Enabled).ToList();
    private readonly int _windowDays = rules.Where(r => r.Enabled).Select(r => r.WindowDays).DefaultIfEmpty(1).Max();

    /// <summary>Sale ids the window holds now (for tests of its bound).</summary>
    public int WindowSales => _window.SaleCount;

    public async Task<CheckedPage> CheckAsync(MappedPage page, CancellationToken ct)
    {
        await DropSearchablePagesAsync(ct).ConfigureAwait(false);

        var sales = page.Rows.OfType<SaleRow>().ToList();
        var candidates = sales.Select(s => Candidate(s.Sale)).ToList();
        var verdicts = new FraudVerdict?[sales.Count];
        var flaggedBefore = new HashSet<string>(StringComparer.Ordinal);
        if (sales.Count > 0)
        {
            // The lookups do not depend on each other: one round trip of latency per page, not three.
            var flagged = LoaderMetrics.TimeAsync(LoaderMetrics.FraudFlagged, () => lookups.FlaggedAsync(sales.Select(s => s.SaleId).ToList(), ct));
            var lookup = _enabled.Count > 0 ? LookupAsync(page, candidates, ct) : Task.FromResult(FraudLookup.Empty);
            await Task.WhenAll(flagged, lookup).ConfigureAwait(false);
            if (_enabled.Count > 0) verdicts = FraudCheck.Evaluate(_enabled, candidates, await lookup.ConfigureAwait(false));
            flaggedBefore = await flagged.ConfigureAwait(false);
        }

        var rows = new List<CheckedRow>(page.Rows.Count);
        var sale = 0;
        foreach (var row in page.Rows)
        {
            if (row is SaleRow)
            {
                var verdict = verdicts[sale++];
                var stale = verdict is null && (flaggedBefore.Contains(row.SaleId) || _window.WasFlagged(row.SaleId));
                rows.Add(new CheckedRow(row, verdict, stale));
            }
            else rows.Add(new CheckedRow(row, null, false));
        }

        _window.Add(page.Sequence, rows
            .Where(r => r.Row is SaleRow or DeletedRow)
            .Select(r => (r.Row.SaleId, r.Row is SaleRow s ? Candidate(s.Sale) : null, r.Verdict is not null)));
        return new CheckedPage(page.Sequence, page.LastKey, rows, time.GetUtcNow());
    }

    private async Task<FraudLookup> LookupAsync(MappedPage page, List<FraudCandidate> candidates, CancellationToken ct)
    {
        var pairs = candidates.Select(c => (c.StoreId, c.SoldDate.AddDays(-1))).Distinct().ToList();
        var aov = await LoaderMetrics.TimeAsync(LoaderMetrics.FraudAov, () => lookups.WeeklyAovAsync(pairs, zone, ct)).ConfigureAwait(false);

        // Only a sale above a rule's AOV limit can be flagged, and that condition needs no history: the earlier sales are
        // searched for those sales' cards alone, a few per page instead of all of them (the bench measured the full
        // search and its answer as the loader's bottleneck). The verdicts are the same.
        var spikes = candidates.Where(c => _enabled.Any(rule => FraudCheck.AboveAovLimit(rule, c, aov))).ToList();
        if (spikes.Count == 0) return new FraudLookup(aov, []);
        var from = spikes.Min(c => c.SoldDate).AddDays(-(_windowDays - 1));
        var to = spikes.Max(c => c.SoldDate);
        var cards = spikes.Select(c => c.CardFingerprint).ToHashSet(StringComparer.Ordinal);
        var searched = await LoaderMetrics.TimeAsync(LoaderMetrics.FraudSales, () => lookups.SalesOfCardsAsync(cards, from, to, ct)).ConfigureAwait(false);
        // The page's own ids (sales and deletes) are excluded: the page holds their current version.
        var pageIds = page.Rows.Where(r => r is SaleRow or DeletedRow).Select(r => r.SaleId).ToHashSet(StringComparer.Ordinal);
        return new FraudLookup(aov, _window.Merge(searched, pageIds, cards, from, to));
    }

    private async Task DropSearchablePagesAsync(CancellationToken ct)
    {
        if (_window.PageCount < refreshEvery) return;
        // Only pages finished before the refresh are searchable after it.
        var finished = _window.Pages.Where(isFinished).ToList();
        if (finished.Count == 0) return;
        var refreshing = System.Diagnostics.Stopwatch.GetTimestamp();
        await lookups.RefreshAsync(ct).ConfigureAwait(false);
        LoaderMetrics.StageDone(LoaderMetrics.FraudRefresh, refreshing);
        foreach (var page in finished) _window.Drop(page);
    }

    private static FraudCandidate Candidate(Sale s) => new(s.SaleId, s.StoreId, s.CardFingerprint, s.AmountSale, s.SoldAt, s.SoldDate);
}
