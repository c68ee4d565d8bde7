using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ControlPlane.Fraud;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Loading;

/// <summary>
/// Stage 3: checks pages strictly in key order (one consumer). Per page it makes one search for the written sales with
/// the same card and amount as the page's payments, from W−1 days before its first day to W−1 days after its last (W: the
/// longest rule window), which also returns the written versions of the page's own rows (their <c>fraud_flagged</c> says
/// which are flagged already); then the weekly AOV of the (store, day) pairs of the page's sales and of the written sales
/// it may re-check that no earlier page of the run asked (<see cref="WeeklyAovCache"/>: one search at most).
/// A row that leaves (deleted, turned bad, changed card or moved days away) and whose old card or days that search did
/// not cover costs one more search, for that old neighbourhood only. With no rule enabled only the written versions of the
/// page's own rows are searched (by id): a row that moved leaves a tombstone at its old store and day. Lookups merge with the <see cref="RecentSalesWindow{TDocument}"/>
/// of this run's not-yet-searchable writes, and the pure <see cref="FraudCheck"/> gives the page's verdicts and the
/// written sales whose verdict the page changes (re-flags and un-flags, sent with the page).
/// Every <c>FraudRefreshEveryPages</c> pages it refreshes the indices and drops the pages that were indexed before the
/// refresh from the window, which keeps it as small as the pages in flight.
/// <see cref="RunAsync"/> starts the next page's search before checking the current page, so the two overlap.
/// </summary>
public sealed class FraudCheckStage(
    IReadOnlyList<FraudRule> rules, FraudLookups lookups, Func<long, bool> isFinished, int refreshEvery, TimeZoneInfo zone, TimeProvider time,
    string source, ILogger logger)
{
    private readonly RecentSalesWindow<Sale> _window = new();
    private readonly WeeklyAovCache _weeklyAov = new();
    private readonly IReadOnlyList<FraudRule> _enabled = rules.Where(r => r.Enabled).ToList();
    private readonly int _windowDays = rules.Where(r => r.Enabled).Select(r => r.WindowDays).DefaultIfEmpty(1).Max();

    /// <summary>Sale ids the window holds now (for tests of its bound).</summary>
    public int WindowSales => _window.SaleCount;

    /// <summary>
    /// Checks every page of <paramref name="pages"/> in order into <paramref name="output"/>. While a page is checked, the
    /// next page's search (when that page is already waiting) is in flight: the check's CPU and the search overlap.
    /// Refresh: a page leaves the window only when every search still to be merged started after the refresh that made
    /// it searchable. The refresh therefore comes before the next search starts, and the pages it made searchable leave
    /// the window only after the current page (whose search started before it) is checked.
    /// </summary>
    public async Task RunAsync(ChannelReader<MappedPage> pages, ChannelWriter<CheckedPage> output, CancellationToken ct)
    {
        PageLookup? prefetched = null;
        try
        {
            while (true)
            {
                MappedPage? waiting = null;
                if (prefetched is null)
                {
                    if (!await pages.WaitToReadAsync(ct).ConfigureAwait(false)) return;
                    if (!pages.TryRead(out waiting)) continue;
                }
                var checking = Stopwatch.GetTimestamp();
                var searchable = await RefreshIfDueAsync(ct).ConfigureAwait(false);
                PageLookup current;
                if (prefetched is null)
                {
                    // No search in flight: the refreshed pages can leave now.
                    Drop(searchable);
                    searchable = [];
                    current = StartLookup(waiting!, ct);
                }
                else current = prefetched;
                prefetched = pages.TryRead(out var following) ? StartLookup(following, ct) : null;
                var checkedPage = await CheckAsync(current, ct).ConfigureAwait(false);
                Drop(searchable);
                LoaderMetrics.StageDone(LoaderMetrics.Fraud, checking);
                await output.WriteAsync(checkedPage, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            // A run that stops (failure or cancellation) leaves the prefetched search unread: observe its end.
            if (prefetched is not null) await ((Task)prefetched.Searched).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Checks one page, its search started now (the way <see cref="RunAsync"/> checks a page nothing was prefetched for).</summary>
    public async Task<CheckedPage> CheckAsync(MappedPage page, CancellationToken ct)
    {
        Drop(await RefreshIfDueAsync(ct).ConfigureAwait(false));
        return await CheckAsync(StartLookup(page, ct), ct).ConfigureAwait(false);
    }

    private async Task<CheckedPage> CheckAsync(PageLookup lookup, CancellationToken ct)
    {
        var page = lookup.Page;
        var candidates = lookup.Candidates;
        var result = new FraudCheckResult(new FraudVerdict?[candidates.Count], []);
        var flaggedBefore = new HashSet<string>(StringComparer.Ordinal);
        var rechecks = new List<RecheckedSale>();
        var sendAfter = new SortedSet<long>();
        var writtenBefore = new Dictionary<string, FraudCandidate>(StringComparer.Ordinal);
        if (lookup.PageIds.Count > 0)
        {
            // Without rules the written versions of the page's rows are still needed: a row that moved to another store
            // or day leaves a tombstone at its old place (docs/assets.md, "Deletes"). Either search also says which of
            // the page's sales are flagged (FlaggedBefore): no lookup of its own.
            // The part of the page's search the previous page's check did not hide.
            var waiting = Stopwatch.GetTimestamp();
            var searched = await lookup.Searched.ConfigureAwait(false);
            LoaderMetrics.StageDone(LoaderMetrics.FraudWait, waiting);
            var (fraudLookup, mayChange, documents, written) = CheckRules(lookup) ? await LookupAsync(lookup, searched, ct).ConfigureAwait(false)
                : WrittenVersions(lookup, searched);
            writtenBefore = written;
            flaggedBefore = FlaggedBefore(written, page);
            if (CheckRules(lookup))
            {
                result = FraudCheck.Check(_enabled, candidates, fraudLookup, mayChange);
                foreach (var recheck in result.Rechecks)
                    if (Rewrite(page.Sequence, recheck, documents, sendAfter) is { } rewrite) rechecks.Add(rewrite);
            }
        }

        var rows = new List<CheckedRow>(page.Rows.Count);
        // What the window keeps of each write: rows that leave are tombstones (no sale); a sale's candidate is the one
        // the lookup made (not flagged) unless the check flagged it.
        var writes = new List<(string SaleId, FraudCandidate? Sale, Sale? Document)>(page.Rows.Count + rechecks.Count);
        var sale = 0;
        foreach (var row in page.Rows)
        {
            if (row is SaleRow saleRow)
            {
                var candidate = candidates[sale];
                var verdict = result.Verdicts[sale++];
                var stale = verdict is null && (flaggedBefore.Contains(row.SaleId) || _window.WasFlagged(row.SaleId));
                var s = saleRow.Sale;
                rows.Add(new CheckedRow(row, verdict, stale) { MovedFrom = MovedFrom(row.SaleId, s.StoreId, s.SoldAt, s.SoldDate, writtenBefore) });
                writes.Add((row.SaleId, verdict is null ? candidate : candidate with { Flagged = true }, s));
            }
            else if (row is DeletedRow d)
            {
                rows.Add(new CheckedRow(row, null, false) { MovedFrom = MovedFrom(row.SaleId, d.Location, writtenBefore) });
                writes.Add((row.SaleId, null, null));
            }
            else if (row is BadRow b)
            {
                rows.Add(new CheckedRow(row, null, false) { MovedFrom = MovedFrom(row.SaleId, b.Location, writtenBefore) });
                writes.Add((row.SaleId, null, null));
            }
            else rows.Add(new CheckedRow(row, null, false));
        }

        // Re-checked sales move to this page (the last one to write them in this run).
        foreach (var r in rechecks) writes.Add((r.Sale.SaleId, Candidate(r.Sale, r.Verdict is not null), r.Sale));
        _window.Add(page.Sequence, writes);
        return new CheckedPage(page.Sequence, page.LastKey, rows, time.GetUtcNow()) { Rechecks = rechecks, SendAfter = [.. sendAfter] };
    }

    private bool CheckRules(PageLookup lookup) => _enabled.Count > 0 && lookup.PageIds.Count > 0;

    /// <summary>
    /// Starts the page's search. It asks for the written version of every row of the page, even of rows this run wrote
    /// (the window answers those): a page may leave the window between now and the check, and its rows must then be in
    /// the answer. What the page itself says is all it needs.
    /// </summary>
    private PageLookup StartLookup(MappedPage page, CancellationToken ct)
    {
        var candidates = page.Rows.OfType<SaleRow>().Select(s => Candidate(s.Sale, flagged: false)).ToList();
        // The page's own ids (sales and rows that leave): the page holds their current version; their written one is "replaced".
        var pageIds = new HashSet<string>(page.Rows.Count, StringComparer.Ordinal);
        foreach (var row in page.Rows) if (row is SaleRow or DeletedRow or BadRow) pageIds.Add(row.SaleId);
        var leaving = page.Rows.Select(r => r switch { DeletedRow d => d.Leaving, BadRow b => b.Leaving, _ => null }).OfType<FraudCandidate>().ToList();
        var cards = new HashSet<string>(_enabled.Count > 0 ? page.Rows.Count : 0, StringComparer.Ordinal);
        var payments = new HashSet<(string Card, decimal Amount)>(_enabled.Count > 0 ? page.Rows.Count : 0);
        var currentOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var (from, to) = (DateOnly.MaxValue, DateOnly.MinValue);
        if (_enabled.Count > 0)
        {
            var span = _windowDays - 1;
            var anchors = candidates.Concat(leaving).ToList();
            foreach (var c in anchors)
            {
                cards.Add(c.CardFingerprint);
                payments.Add((c.CardFingerprint, c.Amount));
                // A rotation under way: the cards' sales written with the previous key are searched by that fingerprint too.
                if (c.PreviousCardFingerprint is { } previous)
                {
                    currentOf[previous] = c.CardFingerprint;
                    cards.Add(previous);
                    payments.Add((previous, c.Amount));
                }
            }
            if (anchors.Count > 0) (from, to) = (anchors.Min(c => c.SoldDate).AddDays(-span), anchors.Max(c => c.SoldDate).AddDays(span));
        }
        var searched = pageIds.Count == 0 ? Task.FromResult(new List<IndexedSale>())
            : LoaderMetrics.TimeAsync(LoaderMetrics.FraudSales, () => lookups.SalesOfPaymentsAsync(payments, from, to, pageIds, ct));
        return new PageLookup(page, candidates, leaving, pageIds, payments, cards, currentOf, from, to, searched);
    }

    /// <summary>
    /// The write of one re-check: the sale as this run last wrote it (window) or as it is indexed (search).
    /// Race: when a page still in flight wrote it, that page's write carries the same external version and would undo the
    /// re-check if it landed later, so this page is sent only after that page finished (<see cref="CheckedPage.SendAfter"/>).
    /// Waiting at send time keeps this stage running; the wait is rare (a re-check of a sale written moments ago).
    /// </summary>
    private RecheckedSale? Rewrite(long pageSequence, FraudRecheck recheck, Dictionary<string, JsonObject> documents, SortedSet<long> sendAfter)
    {
        var id = recheck.Sale.SaleId;
        if (_window.Latest(id) is { Document: { } written } entry)
        {
            if (!isFinished(entry.Page)) sendAfter.Add(entry.Page);
            return new RecheckedSale(written, recheck.Verdict);
        }
        var (indexed, problem) = documents.TryGetValue(id, out var doc) ? SaleDocument.Read(doc) : (null, "its document was not found");
        if (indexed is not null) return new RecheckedSale(indexed, recheck.Verdict);
        logger.RecheckUnwritable(source, pageSequence, id, recheck.Verdict is null ? "un-flagged" : "flagged", problem ?? "unreadable");
        return null;
    }

    /// <summary>
    /// The page's sales whose indexed version is flagged: <c>fraud_flagged</c> of the <c>platform_sales</c> document the
    /// lookup already fetched by id (the loader writes it in the same bulk as the <c>platform_fraud_sales</c> document or
    /// its tombstone). A sale this run wrote is not here: the window knows how it was written (<see cref="RecentSalesWindow{TDocument}.WasFlagged"/>).
    /// </summary>
    private HashSet<string> FlaggedBefore(Dictionary<string, FraudCandidate> written, MappedPage page)
    {
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in page.Rows)
            if (row is SaleRow && _window.Latest(row.SaleId) is null && written.TryGetValue(row.SaleId, out var w) && w.Flagged) flagged.Add(row.SaleId);
        return flagged;
    }

    /// <summary>The written version's store and day when the row now names another (its old daily AOV row must be recomputed).</summary>
    private static SaleLocation? MovedFrom(string saleId, SaleLocation now, Dictionary<string, FraudCandidate> written) =>
        written.TryGetValue(saleId, out var old) && new SaleLocation(old.StoreId, old.SoldAt, old.SoldDate) is var was && was.IsOtherDayOrStore(now) ? was : null;

    /// <summary>The same for a sale; its location is made only when a written version exists (most sales are new).</summary>
    private static SaleLocation? MovedFrom(string saleId, string storeId, DateTimeOffset soldAt, DateOnly soldDate, Dictionary<string, FraudCandidate> written) =>
        written.ContainsKey(saleId) ? MovedFrom(saleId, new SaleLocation(storeId, soldAt, soldDate), written) : null;

    /// <summary>
    /// Only the written versions of the page's own rows (no rule is enabled): this run's writes from the window, the rest
    /// from the search by id; a tombstone or a row never written has none.
    /// </summary>
    private (FraudLookup Lookup, IReadOnlyList<FraudCandidate> MayChange, Dictionary<string, JsonObject> Documents, Dictionary<string, FraudCandidate> Written) WrittenVersions(PageLookup lookup, List<IndexedSale> searchedSales)
    {
        var searched = searchedSales.ToDictionary(s => s.Candidate.SaleId, s => s.Candidate, StringComparer.Ordinal);
        var written = new Dictionary<string, FraudCandidate>(StringComparer.Ordinal);
        foreach (var id in lookup.PageIds)
        {
            var version = _window.Latest(id) is { } entry ? entry.Sale // null: deleted earlier in this run
                : searched.GetValueOrDefault(id);
            if (version is not null) written[id] = version;
        }
        return (FraudLookup.Empty, [], new Dictionary<string, JsonObject>(), written);
    }

    private async Task<(FraudLookup Lookup, IReadOnlyList<FraudCandidate> MayChange, Dictionary<string, JsonObject> Documents, Dictionary<string, FraudCandidate> Written)> LookupAsync(PageLookup lookup, List<IndexedSale> searched, CancellationToken ct)
    {
        var span = _windowDays - 1;
        var (pageIds, payments, cards, from, to) = (lookup.PageIds, lookup.Payments, lookup.Cards, lookup.From, lookup.To);
        var documents = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var found = new Dictionary<string, FraudCandidate>(StringComparer.Ordinal);
        foreach (var s in searched) (found[s.Candidate.SaleId], documents[s.Candidate.SaleId]) = (s.Candidate, s.Document);

        var replaced = new List<FraudCandidate>();
        var writtenById = new Dictionary<string, FraudCandidate>(StringComparer.Ordinal);
        var leavingById = lookup.Leaving.ToDictionary(c => c.SaleId, StringComparer.Ordinal);
        foreach (var id in pageIds)
        {
            var writtenVersion = _window.Latest(id) is { } entry ? entry.Sale // null: deleted earlier in this run, already accounted for
                : found.GetValueOrDefault(id);
            if (writtenVersion is not null) writtenById[id] = writtenVersion;
            var old = writtenVersion ?? (_window.Latest(id) is null ? leavingById.GetValueOrDefault(id) : null);
            if (old is not null) replaced.Add(old);
        }

        // A written version whose payment or days the search did not cover (a changed card or amount, a sale moved by days):
        // the sales that counted it are found by one more search.
        var uncovered = replaced.Where(o => !payments.Contains((o.CardFingerprint, o.Amount)) || o.SoldDate.AddDays(-span) < from || o.SoldDate.AddDays(span) > to).ToList();
        if (uncovered.Count > 0)
        {
            var (oldFrom, oldTo) = (uncovered.Min(o => o.SoldDate).AddDays(-span), uncovered.Max(o => o.SoldDate).AddDays(span));
            var oldPayments = uncovered.Select(o => (o.CardFingerprint, o.Amount)).ToHashSet();
            foreach (var s in await lookups.SalesOfPaymentsAsync(oldPayments, oldFrom, oldTo, [], ct).ConfigureAwait(false))
                if (documents.TryAdd(s.Candidate.SaleId, s.Document)) found[s.Candidate.SaleId] = s.Candidate;
            cards = [.. cards, .. oldPayments.Select(p => p.CardFingerprint)];
            (from, to) = (from < oldFrom ? from : oldFrom, to > oldTo ? to : oldTo);
        }

        var written = UnderCurrentKey(_window.Merge(found.Values, pageIds, cards, from, to), lookup.CurrentOf);
        replaced = [.. UnderCurrentKey(replaced, lookup.CurrentOf)];
        var candidates = lookup.Candidates;
        var mayChange = FraudCheck.MayChange(_enabled, candidates, new FraudLookup(FraudLookup.Empty.WeeklyAov, written) { Replaced = replaced });
        var pairs = candidates.Concat(mayChange).Select(c => (c.StoreId, c.SoldDate.AddDays(-1))).Distinct().ToList();
        var aov = await _weeklyAov.GetAsync(pairs, (missing, t) => LoaderMetrics.TimeAsync(LoaderMetrics.FraudAov, () => lookups.WeeklyAovAsync(missing, zone, t)), ct).ConfigureAwait(false);
        return (new FraudLookup(aov, written) { Replaced = replaced }, mayChange, documents, writtenById);
    }

    /// <summary>
    /// Refreshes when the window holds <c>FraudRefreshEveryPages</c> pages and some are indexed; returns those pages, which
    /// every search starting from now on finds, so they may leave the window once no earlier search is still to be merged.
    /// </summary>
    private async Task<IReadOnlyList<long>> RefreshIfDueAsync(CancellationToken ct)
    {
        if (_window.PageCount < refreshEvery) return [];
        // Only pages finished before the refresh are searchable after it.
        var finished = _window.Pages.Where(isFinished).ToList();
        if (finished.Count == 0) return [];
        var refreshing = Stopwatch.GetTimestamp();
        await lookups.RefreshAsync(ct).ConfigureAwait(false);
        LoaderMetrics.StageDone(LoaderMetrics.FraudRefresh, refreshing);
        return finished;
    }

    private void Drop(IReadOnlyList<long> searchable)
    {
        foreach (var page in searchable) _window.Drop(page);
    }

    private static FraudCandidate Candidate(Sale s, bool flagged) =>
        new(s.SaleId, s.StoreId, s.CardFingerprint, s.AmountSale, s.SoldAt, s.SoldDate, flagged) { PreviousCardFingerprint = s.PreviousCardFingerprint };

    /// <summary>
    /// During a card key rotation: written sales whose fingerprint is a page card's previous-key one, under the card's
    /// current fingerprint, so the pure check counts both as the same card. Unchanged when no rotation is under way.
    /// </summary>
    private static IReadOnlyList<FraudCandidate> UnderCurrentKey(IReadOnlyList<FraudCandidate> sales, IReadOnlyDictionary<string, string> currentOf) =>
        currentOf.Count == 0 ? sales : [.. sales.Select(s => currentOf.TryGetValue(s.CardFingerprint, out var current) ? s with { CardFingerprint = current } : s)];
}
