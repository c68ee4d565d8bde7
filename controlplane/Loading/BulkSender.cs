using ControlPlane.Elastic;
using ControlPlane.Sources;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Loading;

/// <summary>
/// Stage 4: sends a checked page with <c>_bulk</c>, split into requests of at most <c>page_bytes</c> (a row's actions stay
/// together), and reads the answer item by item. Transient failures (items answered 429, 5xx or blocked, requests that got
/// no answer) are re-sent with capped, jittered backoff until the run's deadline and are never dead-lettered: past the
/// deadline the page fails, and with it the run. Only permanent item errors (mapping, parse, a version conflict that is not
/// ours) send their row to the dead-letter index with the reason. A page is done when every row is indexed or dead-lettered;
/// a dead letter that cannot be written fails the page (and the run), so the watermark never passes a lost row.
/// A page's re-checks (written sales it re-flags or un-flags) go first, in a request of their own; one that cannot be
/// written fails the page too.
/// </summary>
public sealed class BulkSender(ElasticsearchGateway es, SourceDefinition source, RetryBudget retries, BulkThrottle throttle, TimeProvider time, ILogger logger)
{
    /// <summary>The weekly AOV transform's last checkpoint when the run began; written on every flagged sale (<c>aov_checkpoint_at</c>).</summary>
    public DateTimeOffset? AovCheckpointAt { get; init; }

    /// <summary>
    /// The watermark the run started from (a delta run; null for a backfill and a first run): its rows at or below it are the
    /// overlap's re-reads, counted as <see cref="SaleChanges.Unchanged"/> when the sale was already there.
    /// </summary>
    public ChangeKey? StartingWatermark { get; init; }

    private int _largestBody = 64 * 1024;

    public async Task<PageOutcome> SendAsync(CheckedPage page, CancellationToken ct)
    {
        var (reflagged, recheckUnflagged, recheckResent) = page.Rechecks.Count > 0 ? await SendRechecksAsync(page, ct).ConfigureAwait(false) : ([], [], 0);

        var failures = new string?[page.Rows.Count];
        var resent = 0;
        var saleStatus = new int[page.Rows.Count]; // the answer to each row's own platform_sales write (201, 200 or 409)
        // Sized like the largest page body so far: growing a pooled buffer copies it (a 1,000-row body is ~700 KB).
        using (var buffer = new PooledBuffer(Volatile.Read(ref _largestBody)))
        {
            // A sale row is one action, more when it is flagged, loses its flag or moved.
            using var writer = new BulkBodyWriter(buffer, page.Rows.Count + page.Rows.Count / 4) { AovCheckpointAt = AovCheckpointAt };
            for (var i = 0; i < page.Rows.Count; i++) writer.WriteRow(i, page.Rows[i], page.CheckedAt);
            if (buffer.Length > Volatile.Read(ref _largestBody)) Volatile.Write(ref _largestBody, buffer.Length + buffer.Length / 8);
            foreach (var batch in Batches(writer.Actions, source.ChangeCapture.PageBytes))
                resent += await SendWithRetriesAsync(buffer, batch, page.Sequence, (action, reason) => failures[action.Row] ??= reason, ct,
                    (action, item) =>
                    {
                        // The answer carries no _id (filter_path keeps status and error only); Elasticsearch answers the
                        // items in the order they were sent, so the item is this action's (bulk API: "items").
                        if (action.IsSaleDocument) saleStatus[action.Row] = item.Status;
                    }).ConfigureAwait(false);
        }

        int indexed = 0, deleted = 0, dead = 0;
        var changes = new SaleChanges();
        List<string> flagged = [], unflagged = [];
        var deadLetters = new List<(int Row, string Stage, string Reason)>();
        for (var i = 0; i < page.Rows.Count; i++)
        {
            var row = page.Rows[i];
            if (row.Row is BadRow bad) deadLetters.Add((i, "mapping", bad.Reason));
            else if (failures[i] is { } reason) deadLetters.Add((i, "indexing", reason));
            else if (row.Row is DeletedRow) deleted++;
            else
            {
                indexed++;
                changes += SaleChanges.Of(saleStatus[i], row.Row.Row.Key, StartingWatermark);
                if (row.Verdict is not null) flagged.Add(row.Row.SaleId);
                else if (row.RemoveFraudDocument) unflagged.Add(row.Row.SaleId);
            }
        }
        if (deadLetters.Count > 0)
        {
            resent += await SendDeadLettersAsync(page, deadLetters, ct).ConfigureAwait(false);
            dead = deadLetters.Count;
        }
        flagged.AddRange(reflagged);
        unflagged.AddRange(recheckUnflagged);
        return new PageOutcome(page.Sequence, page.LastKey, indexed, flagged.Count, deleted, dead, unflagged.Count)
        {
            FlaggedSaleIds = flagged,
            UnflaggedSaleIds = unflagged,
            Rewrites = page.Rechecks.Count + recheckResent + resent,
            Changes = changes,
        };
    }

    /// <summary>
    /// Writes the page's re-checks (counted and logged) in a request of their own, before the page's rows. One that cannot
    /// be written fails the page (and the run) before the rows are: the watermark stays before this page, and the next run
    /// reads the same rows against the same written versions and repeats the re-check instead of leaving a wrong verdict.
    /// </summary>
    private async Task<(List<string> Reflagged, List<string> Unflagged, int Resent)> SendRechecksAsync(CheckedPage page, CancellationToken ct)
    {
        string? failed = null;
        var resent = 0;
        using (var buffer = new PooledBuffer(16 * 1024))
        {
            using var writer = new BulkBodyWriter(buffer) { AovCheckpointAt = AovCheckpointAt };
            for (var i = 0; i < page.Rechecks.Count; i++) writer.WriteRecheck(i, page.Rechecks[i], page.CheckedAt);
            foreach (var batch in Batches(writer.Actions, source.ChangeCapture.PageBytes))
                resent += await SendWithRetriesAsync(buffer, batch, page.Sequence, (action, reason) => failed ??= $"{page.Rechecks[action.Row].Sale.SaleId}: {reason}", ct).ConfigureAwait(false);
        }
        if (failed is not null)
            throw new InvalidOperationException($"source {source.Name} page {page.Sequence}: re-checking a sale's fraud verdict failed ({failed})");

        List<string> reflagged = [], unflagged = [];
        foreach (var recheck in page.Rechecks)
        {
            if (recheck.Verdict is { } verdict)
            {
                reflagged.Add(recheck.Sale.SaleId);
                logger.SaleReflagged(source.Name, page.Sequence, recheck.Sale.SaleId, verdict.Rule.Name, verdict.Rule.Version, verdict.RepeatCount);
            }
            else
            {
                unflagged.Add(recheck.Sale.SaleId);
                logger.SaleUnflagged(source.Name, page.Sequence, recheck.Sale.SaleId);
            }
        }
        return (reflagged, unflagged, resent);
    }

    private async Task<int> SendDeadLettersAsync(CheckedPage page, List<(int Row, string Stage, string Reason)> deadLetters, CancellationToken ct)
    {
        using var buffer = new PooledBuffer(16 * 1024);
        using var writer = new BulkBodyWriter(buffer) { AovCheckpointAt = AovCheckpointAt };
        var now = time.GetUtcNow();
        foreach (var (row, stage, reason) in deadLetters)
        {
            writer.WriteDeadLetter(row, source, page.Rows[row].Row, stage, reason, now);
            logger.RowDeadLettered(source.Name, page.Rows[row].Row.SaleId, stage, reason);
        }
        string? lost = null;
        var resent = 0;
        foreach (var batch in Batches(writer.Actions, source.ChangeCapture.PageBytes))
            resent += await SendWithRetriesAsync(buffer, batch, page.Sequence, (action, reason) => lost ??= $"{page.Rows[action.Row].Row.SaleId}: {reason}", ct).ConfigureAwait(false);
        if (lost is not null)
            throw new InvalidOperationException($"source {source.Name}: a row could neither be indexed nor dead-lettered into {IndexNames.DeadLetter} ({lost})");
        return resent;
    }

    /// <summary>Consecutive actions whose bytes fit <paramref name="maxBytes"/> (at least one row each), a row's actions never split.</summary>
    internal static IEnumerable<List<BulkAction>> Batches(IReadOnlyList<BulkAction> actions, int maxBytes)
    {
        // Most pages are one batch: sized for all of them, the list never grows by copying.
        var batch = new List<BulkAction>(actions.Count);
        var bytes = 0;
        for (var i = 0; i < actions.Count;)
        {
            var rowEnd = i;
            var rowBytes = 0;
            while (rowEnd < actions.Count && actions[rowEnd].Row == actions[i].Row) rowBytes += actions[rowEnd++].Length;
            if (batch.Count > 0 && bytes + rowBytes > maxBytes)
            {
                yield return batch;
                batch = new List<BulkAction>(actions.Count - i);
                bytes = 0;
            }
            for (; i < rowEnd; i++) batch.Add(actions[i]);
            bytes += rowBytes;
        }
        if (batch.Count > 0) yield return batch;
    }

    /// <summary>
    /// Sends <paramref name="batch"/> until every action has an answer that is not transient. Items answered 429, 5xx or
    /// blocked are re-sent alone, and a whole request that got no usable answer is re-sent as it was, with capped
    /// exponential backoff and jitter until the run's deadline (<see cref="RetryBudget"/>); only permanent item errors reach
    /// <paramref name="permanentFailure"/>. Every push-back also narrows the <see cref="BulkThrottle"/>. Returns how many
    /// actions were re-sent (a re-sent action whose first try landed arrives twice, harmlessly: same external version).
    /// </summary>
    private async Task<int> SendWithRetriesAsync(PooledBuffer buffer, List<BulkAction> batch, long page, Action<BulkAction, string> permanentFailure, CancellationToken ct,
        Action<BulkAction, BulkItemResult>? written = null)
    {
        var pending = batch;
        var resent = 0;
        for (var attempt = 1; ; attempt++)
        {
            List<BulkAction> retry;
            string reason;
            try
            {
                BulkResponse response;
                using (await throttle.EnterAsync(ct).ConfigureAwait(false))
                    response = await SendAsync(buffer, pending, ct).ConfigureAwait(false);
                if (response.Items.Count != pending.Count)
                    throw new InvalidOperationException($"source {source.Name}: _bulk answered {response.Items.Count} items for {pending.Count} actions");
                retry = [];
                reason = "";
                for (var i = 0; i < pending.Count; i++)
                {
                    var (item, action) = (response.Items[i], pending[i]);
                    if (Succeeded(item, action))
                    {
                        written?.Invoke(action, item);
                        continue;
                    }
                    // Writes name our aliases with require_alias=true: a missing alias means the assets are not there yet.
                    if (item.ErrorType == "index_not_found_exception")
                        throw new InvalidOperationException($"source {source.Name}: {Describe(item, action)}: run apply first (the loader writes only through the aliases apply creates)");
                    if (TransientFailure.IsTransient(item))
                    {
                        retry.Add(action);
                        reason = Describe(item, action);
                    }
                    else permanentFailure(action, Describe(item, action));
                }
                if (retry.Count == 0)
                {
                    throttle.Recovered();
                    return resent;
                }
            }
            catch (Exception ex) when (TransientFailure.IsTransient(ex) && !ct.IsCancellationRequested)
            {
                retry = pending;
                reason = ex.Message;
            }
            throttle.PushedBack();
            var delay = retries.NextDelay(attempt, $"source {source.Name} page {page}: {retry.Count} bulk action(s) not written", reason);
            logger.ItemsRetrying(source.Name, page, retry.Count, attempt, delay.TotalMilliseconds, reason);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, time, ct).ConfigureAwait(false);
            pending = retry;
            resent += retry.Count;
        }
    }

    /// <summary>Sends the actions' lines: the buffer slice itself when they are contiguous (the first try), else a copy of just them.</summary>
    private async Task<BulkResponse> SendAsync(PooledBuffer buffer, List<BulkAction> actions, CancellationToken ct)
    {
        var contiguous = true;
        for (var i = 1; i < actions.Count && contiguous; i++) contiguous = actions[i].Start == actions[i - 1].Start + actions[i - 1].Length;
        if (contiguous)
        {
            var start = actions[0].Start;
            var length = actions[^1].Start + actions[^1].Length - start;
            return await es.BulkAsync(buffer.Slice(start, length), ct, requireAlias: true, actions: actions.Count).ConfigureAwait(false);
        }
        using var subset = new PooledBuffer(actions.Sum(a => a.Length));
        foreach (var a in actions) subset.Write(buffer.Slice(a.Start, a.Length).Span);
        return await es.BulkAsync(subset.Slice(0, subset.Length), ct, requireAlias: true, actions: actions.Count).ConfigureAwait(false);
    }

    /// <summary>A 409 on a versioned write means a newer version is already there; a 404 on a delete means it is already gone.</summary>
    private static bool Succeeded(BulkItemResult item, BulkAction action) =>
        item.IsSuccess || (item.Status == 409 && action.Versioned) || (item.Status == 404 && action.IsDelete);

    private static string Describe(BulkItemResult item, BulkAction action) =>
        $"{item.Index ?? action.Index}: {item.Status} {item.ErrorType ?? "error"}: {item.ErrorReason ?? "no reason given"}";
}
