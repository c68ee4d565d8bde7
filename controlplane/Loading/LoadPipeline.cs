using System.Diagnostics;
using System.Threading.Channels;
using ControlPlane.Sources;

namespace ControlPlane.Loading;

/// <summary>
/// One run's data path, in the order the data flows, joined by bounded channels (<see cref="BoundedChannelFullMode.Wait"/>,
/// so a slow cluster holds the reader back instead of filling memory):
/// <code>
/// ChangeReader + SaleMapper ─pages─▶ FraudCheckStage (1, key order, next page's search ahead) ─pages─▶ BulkSender × N ─outcomes─▶ WatermarkTracker
/// </code>
/// The first failure of any stage cancels the others and is rethrown; the watermark then stays at the end of the
/// contiguous prefix of pages that were fully indexed or dead-lettered.
/// </summary>
public sealed class LoadPipeline(
    ChangeReader reader, SaleMapper mapper, FraudCheckStage fraud, BulkSender sender, WatermarkTracker tracker, LoadStats stats, LoaderOptions options)
{
    /// <summary>Runs until every page in <paramref name="window"/> is done; <paramref name="pageDone"/> sees each finished page and the watermark when it moved.</summary>
    public async Task RunAsync(ReaderConnection connection, SourceDefinition source, ChangeWindow window,
        Func<PageOutcome, ChangeKey?, CancellationToken, Task> pageDone, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Exception? failure = null;

        var mapped = Channel.CreateBounded<MappedPage>(Bounded(singleWriter: true, singleReader: true));
        var checkedPages = Channel.CreateBounded<CheckedPage>(Bounded(singleWriter: true, singleReader: false));
        var outcomes = Channel.CreateBounded<PageOutcome>(Bounded(singleWriter: false, singleReader: true));
        var sendersLeft = options.BulkConcurrency;

        var stages = new List<Task>
        {
            Stage(async t =>
            {
                var reading = Stopwatch.GetTimestamp();
                await foreach (var page in reader.ReadAsync(connection, source, window, t).ConfigureAwait(false))
                {
                    LoaderMetrics.StageDone(LoaderMetrics.Read, reading);
                    var mapping = Stopwatch.GetTimestamp();
                    stats.AddRead(page.Rows.Count);
                    var rows = new MappedRow[page.Rows.Count];
                    for (var i = 0; i < rows.Length; i++) rows[i] = mapper.Map(page.Rows[i]);
                    LoaderMetrics.StageDone(LoaderMetrics.Map, mapping);
                    await mapped.Writer.WriteAsync(new MappedPage(page.Sequence, page.LastKey, rows), t).ConfigureAwait(false);
                    reading = Stopwatch.GetTimestamp();
                }
            }, () => mapped.Writer.TryComplete()),

            // Checks pages in key order; the next page's search runs while the current page is checked.
            Stage(t => fraud.RunAsync(mapped.Reader, checkedPages.Writer, t), () => checkedPages.Writer.TryComplete()),

            Stage(async t =>
            {
                // Drains every outcome the senders produced, even after a failure elsewhere (the channel completes when the
                // last sender stops), so the watermark reaches the end of everything that was really finished.
                await foreach (var outcome in outcomes.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    stats.Add(outcome);
                    var moved = tracker.Complete(outcome.Sequence, outcome.LastKey);
                    if (t.IsCancellationRequested) continue;
                    try
                    {
                        await pageDone(outcome, moved, t).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (t.IsCancellationRequested)
                    {
                        // A later page failed while this one's progress was being saved: keep draining, so the pages that
                        // finished behind it still reach the tracker and the final state's watermark.
                    }
                }
            }, () => { }),
        };
        for (var i = 0; i < options.BulkConcurrency; i++)
        {
            stages.Add(Stage(async t =>
            {
                await foreach (var page in checkedPages.Reader.ReadAllAsync(t).ConfigureAwait(false))
                {
                    // A page that re-checks a sale an earlier page of this run wrote goes after that page (CheckedPage.SendAfter).
                    // No deadlock: those pages are earlier in the channel, so another sender holds them or they are done.
                    foreach (var earlier in page.SendAfter) await tracker.WhenFinishedAsync(earlier, t).ConfigureAwait(false);
                    var sending = Stopwatch.GetTimestamp();
                    var outcome = await sender.SendAsync(page, t).ConfigureAwait(false);
                    LoaderMetrics.StageDone(LoaderMetrics.Bulk, sending);
                    await outcomes.Writer.WriteAsync(outcome, t).ConfigureAwait(false);
                }
            }, () => { if (Interlocked.Decrement(ref sendersLeft) == 0) outcomes.Writer.TryComplete(); }));
        }

        await Task.WhenAll(stages).ConfigureAwait(false);
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        ct.ThrowIfCancellationRequested();

        // Runs a stage; its first real failure is kept and stops every other stage.
        async Task Stage(Func<CancellationToken, Task> body, Action complete)
        {
            try
            {
                await body(cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                if (ex is not OperationCanceledException || !cts.IsCancellationRequested) Interlocked.CompareExchange(ref failure, ex, null);
                await cts.CancelAsync().ConfigureAwait(false);
            }
            finally
            {
                complete();
            }
        }
    }

    private BoundedChannelOptions Bounded(bool singleWriter, bool singleReader) => new(options.ChannelCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleWriter = singleWriter,
        SingleReader = singleReader,
    };
}
