using System.Text.Json.Nodes;
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

    public async Task<CheckedPage> CheckAsync(MappedPage page, CancellationToken ct)
    {
        await DropSearchablePagesAsync(ct).ConfigureAwait(false);

        var sales = page.Rows.OfType<SaleRow>().ToList();
        var candidates = sales.Select(s => Candidate(s.Sale, flagged: false)).ToList();
        var result = new FraudCheckResult(new FraudVerdict?[sales.Count], []);
        var flaggedBefore = new HashSet<string>(StringComparer.Ordinal);
        var rechecks = new List<RecheckedSale>();
        var sendAfter = new SortedSet<long>();
        var writtenBefore = new Dictionary<string, FraudCandidate>(StringComparer.Ordinal);
        var writes = page.Rows.Any(r => r is SaleRow or DeletedRow or BadRow);
        var checkRules = _enabled.Count > 0 && writes;
        if (sales.Count > 0 || writes)
        {
            // Without rules the written versions of the page's rows are still needed: a row that moved to another store
            // or day leaves a tombstone at its old place (docs/assets.md, "Deletes"). Either search also says which of
            // the page's sales are flagged (FlaggedBefore): no lookup of its own.
            var (fraudLookup, documents, written) = checkRules ? await LookupAsync(page, candidates, ct).ConfigureAwait(false)
                : await WrittenVersionsAsync(page, ct).ConfigureAwait(false);
            writtenBefore = written;
            flaggedBefore = FlaggedBefore(written, page);
            if (checkRules)
            {
                result = FraudCheck.Check(_enabled, candidates, fraudLookup);
                foreach (var recheck in result.Rechecks)
                    if (Rewrite(page.Sequence, recheck, documents, sendAfter) is { } rewrite) rechecks.Add(rewrite);
            }
        }

        var rows = new List<CheckedRow>(page.Rows.Count);
        var sale = 0;
        foreach (var row in page.Rows)
        {
            if (row is SaleRow)
            {
                var verdict = result.Verdicts[sale++];
                var stale = verdict is null && (flaggedBefore.Contains(row.SaleId) || _window.WasFlagged(row.SaleId));
                var s = ((SaleRow)row).Sale;
                rows.Add(new CheckedRow(row, verdict, stale) { MovedFrom = MovedFrom(row.SaleId, new SaleLocation(s.StoreId, s.SoldAt, s.SoldDate), writtenBefore) });
            }
            else if (row is DeletedRow d) rows.Add(new CheckedRow(row, null, false) { MovedFrom = MovedFrom(row.SaleId, d.Location, writtenBefore) });
            else if (row is BadRow b) rows.Add(new CheckedRow(row, null, false) { MovedFrom = MovedFrom(row.SaleId, b.Location, writtenBefore) });
            else rows.Add(new CheckedRow(row, null, false));
        }

        // Rows that leave are tombstones; re-checked sales move to this page (the last one to write them in this run).
        _window.Add(page.Sequence, rows
            .Where(r => r.Row is SaleRow or DeletedRow or BadRow)
            .Select(r => r.Row is SaleRow s
                ? (r.Row.SaleId, (FraudCandidate?)Candidate(s.Sale, r.Verdict is not null), (Sale?)s.Sale)
                : (r.Row.SaleId, null, null))
            .Concat(rechecks.Select(r => (r.Sale.SaleId, (FraudCandidate?)Candidate(r.Sale, r.Verdict is not null), (Sale?)r.Sale))));
        return new CheckedPage(page.Sequence, page.LastKey, rows, time.GetUtcNow()) { Rechecks = rechecks, SendAfter = [.. sendAfter] };
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

    /// <summary>
    /// Only the written versions of the page's own rows (no rule is enabled): this run's writes from the window, the rest
    /// by id in one search; a tombstone or a row never written has none.
    /// </summary>
    private async Task<(FraudLookup Lookup, Dictionary<string, JsonObject> Documents, Dictionary<string, FraudCandidate> Written)> WrittenVersionsAsync(MappedPage page, CancellationToken ct)
    {
        var pageIds = page.Rows.Where(r => r is SaleRow or DeletedRow or BadRow).Select(r => r.SaleId).ToHashSet(StringComparer.Ordinal);
        var written = new Dictionary<string, FraudCandidate>(StringComparer.Ordinal);
        var unknownIds = new List<string>();
        foreach (var id in pageIds)
        {
            if (_window.Latest(id) is { } entry) { if (entry.Sale is { } sale) written[id] = sale; } // null: deleted earlier in this run
            else unknownIds.Add(id);
        }
        if (unknownIds.Count > 0)
            foreach (var s in await LoaderMetrics.TimeAsync(LoaderMetrics.FraudSales, () => lookups.SalesOfPaymentsAsync([], DateOnly.MaxValue, DateOnly.MinValue, unknownIds, ct)).ConfigureAwait(false))
                written[s.Candidate.SaleId] = s.Candidate;
        return (FraudLookup.Empty, new Dictionary<string, JsonObject>(), written);
    }

    private async Task<(FraudLookup Lookup, Dictionary<string, JsonObject> Documents, Dictionary<string, FraudCandidate> Written)> LookupAsync(MappedPage page, List<FraudCandidate> candidates, CancellationToken ct)
    {
        var span = _windowDays - 1;
        // The page's own ids (sales and rows that leave): the page holds their current version; their written one is "replaced".
        var pageIds = page.Rows.Where(r => r is SaleRow or DeletedRow or BadRow).Select(r => r.SaleId).ToHashSet(StringComparer.Ordinal);
        var leaving = page.Rows.Select(r => r switch { DeletedRow d => d.Leaving, BadRow b => b.Leaving, _ => null }).OfType<FraudCandidate>().ToList();
        var anchors = candidates.Concat(leaving).ToList();
        var cards = anchors.Select(c => c.CardFingerprint).ToHashSet(StringComparer.Ordinal);
        var payments = anchors.Select(c => (c.CardFingerprint, c.Amount)).ToHashSet();
        // A rotation under way: the cards' sales written with the previous key are searched by that fingerprint too.
        var currentOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in anchors)
            if (c.PreviousCardFingerprint is { } previous)
            {
                currentOf[previous] = c.CardFingerprint;
                cards.Add(previous);
                payments.Add((previous, c.Amount));
            }
        var (from, to) = anchors.Count > 0 ? (anchors.Min(c => c.SoldDate).AddDays(-span), anchors.Max(c => c.SoldDate).AddDays(span)) : (DateOnly.MaxValue, DateOnly.MinValue);
        // Ids whose latest write is in the window need no search: the window has it.
        var unknownIds = pageIds.Where(id => _window.Latest(id) is null).ToList();

        var searched = await LoaderMetrics.TimeAsync(LoaderMetrics.FraudSales, () => lookups.SalesOfPaymentsAsync(payments, from, to, unknownIds, ct)).ConfigureAwait(false);
        var documents = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var found = new Dictionary<string, FraudCandidate>(StringComparer.Ordinal);
        foreach (var s in searched) (found[s.Candidate.SaleId], documents[s.Candidate.SaleId]) = (s.Candidate, s.Document);

        var replaced = new List<FraudCandidate>();
        var writtenById = new Dictionary<string, FraudCandidate>(StringComparer.Ordinal);
        var leavingById = leaving.ToDictionary(c => c.SaleId, StringComparer.Ordinal);
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
            cards.UnionWith(oldPayments.Select(p => p.CardFingerprint));
            (from, to) = (from < oldFrom ? from : oldFrom, to > oldTo ? to : oldTo);
        }

        var written = UnderCurrentKey(_window.Merge(found.Values, pageIds, cards, from, to), currentOf);
        replaced = [.. UnderCurrentKey(replaced, currentOf)];
        var mayChange = FraudCheck.MayChange(_enabled, candidates, new FraudLookup(FraudLookup.Empty.WeeklyAov, written) { Replaced = replaced });
        var pairs = candidates.Concat(mayChange).Select(c => (c.StoreId, c.SoldDate.AddDays(-1))).Distinct().ToList();
        var aov = await _weeklyAov.GetAsync(pairs, (missing, t) => LoaderMetrics.TimeAsync(LoaderMetrics.FraudAov, () => lookups.WeeklyAovAsync(missing, zone, t)), ct).ConfigureAwait(false);
        return (new FraudLookup(aov, written) { Replaced = replaced }, documents, writtenById);
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

    private static FraudCandidate Candidate(Sale s, bool flagged) =>
        new(s.SaleId, s.StoreId, s.CardFingerprint, s.AmountSale, s.SoldAt, s.SoldDate, flagged) { PreviousCardFingerprint = s.PreviousCardFingerprint };

    /// <summary>
    /// During a card key rotation: written sales whose fingerprint is a page card's previous-key one, under the card's
    /// current fingerprint, so the pure check counts both as the same card. Unchanged when no rotation is under way.
    /// </summary>
    private static IReadOnlyList<FraudCandidate> UnderCurrentKey(IReadOnlyList<FraudCandidate> sales, Dictionary<string, string> currentOf) =>
        currentOf.Count == 0 ? sales : [.. sales.Select(s => currentOf.TryGetValue(s.CardFingerprint, out var current) ? s with { CardFingerprint = current } : s)];
}
