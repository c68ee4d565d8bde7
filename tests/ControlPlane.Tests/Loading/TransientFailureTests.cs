using System.Globalization;
using System.Net.Http;
using ControlPlane.Elastic;
using ControlPlane.Loading;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Tests.Loading;

/// <summary>
/// Backpressure is not a property of a row: items answered 429, 5xx or blocked, and requests that got no answer, are
/// retried until written or until the run's deadline, and are never dead-lettered. The bulk item errors scripted here are
/// the ones Elasticsearch answers (https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-bulk.html: "429
/// es_rejected_execution_exception" when a write thread pool queue is full; a flood-stage block is a
/// <c>cluster_block_exception</c> with status 429, server/src/main/java/org/elasticsearch/cluster/metadata/IndexMetadata.java).
/// </summary>
public sealed class TransientFailureTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;

    public async Task InitializeAsync() => _h = await LoaderHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static (int, string, string) Rejected => (429, "es_rejected_execution_exception",
        "rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=1024, max_coordinating_and_primary_bytes=0]");

    [Fact]
    public async Task ThirtyPercentItem429sLeading503sAndAKillStillLeaveEveryGoodRowIndexedOnceAndOnlyBadRowsDeadLettered()
    {
        var good = new List<long>();
        var bad = new List<long>();
        for (var i = 0; i < 120; i++)
        {
            var isBad = i % 17 == 5;
            var id = await _h.InsertSaleAsync($"S{i % 4}", i % 34 == 5 ? "12" : LoaderHarness.Card(i), isBad && i % 34 != 5 ? null : 10m + i,
                _h.Base.AddHours(-1).AddSeconds(i), _h.Base.AddSeconds(i));
            (isBad ? bad : good).Add(id);
        }
        var source = _h.Source(pageRows: 10);
        var random = new Random(20261201);
        // 30 % of all items at random, and the items of every seventh row on a hot shard for their first 8 attempts (more
        // than any fixed retry count would wait for).
        _h.Es.BulkItemFault = c =>
        {
            if (c.Id.EndsWith('7') && c.Attempt <= 8) return Rejected;
            lock (random) return random.NextDouble() < 0.3 ? Rejected : null;
        };
        _h.Es.FailNext("POST", "_bulk", 503, times: 3, type: "unavailable_shards_exception", reason: "[platform_sales-v1][0] primary shard is not active");

        // kill -9 while the cluster applies a bulk request: its writes land, its answer never arrives, and nothing more
        // leaves the process (no final state, no lease release).
        using var kill = new CancellationTokenSource();
        var dead = false;
        var items = 0;
        var faults = _h.Es.BulkItemFault;
        _h.Es.BulkItemFault = c => { if (Interlocked.Increment(ref items) == 70) { dead = true; kill.Cancel(); } return faults(c); };
        var killed = _h.Loader("loader-a", beforeSend: (_, _) => dead ? throw new OperationCanceledException("the process is gone") : Task.CompletedTask);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => killed.LoadAsync(source, null, kill.Token));
        Assert.StartsWith("loader-a", (await _h.StateAsync())!.LeaseOwner);
        Assert.DoesNotContain(_h.Es.DocumentsOf(IndexNames.DeadLetter), d => good.Contains(long.Parse(d.Source["source_key"]!.ToString(), CultureInfo.InvariantCulture)));

        // The lease of the killed run blocks the next run until it expires (Loader:LeaseDuration, 2 minutes by default)…
        Assert.Equal(LoadStatus.Skipped, (await _h.Loader("loader-b").LoadAsync(source, null, default)).Status);
        // …then the next run takes over, still under 30 % item 429s, and so does the one after it.
        var later = new ShiftedTimeProvider(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        _h.Es.BulkItemFault = faults;
        foreach (var owner in new[] { "loader-b", "loader-c" })
        {
            var run = await _h.Services(owner, configure: s => s.AddSingleton<TimeProvider>(later)).GetRequiredService<LoadService>().LoadAsync(source, null, default);
            Assert.Equal(LoadStatus.Succeeded, run.Status);
        }

        Assert.Equal(good.Select(id => $"platform_sales-{id}").Order(), _h.Docs(IndexNames.Sales).Keys.Order());
        var deadLetters = _h.Es.DocumentsOf(IndexNames.DeadLetter).Select(d => long.Parse(d.Source["source_key"]!.ToString(), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(bad.Order(), deadLetters.Order());
        Assert.All(_h.Es.DocumentsOf(IndexNames.DeadLetter), d => Assert.Equal("mapping", d.Source["stage"]!.ToString()));
        var state = (await _h.StateAsync())!;
        Assert.Equal((ChangeKey?)new ChangeKey(_h.Base.AddSeconds(119), Math.Max(good[^1], bad[^1])), state.Watermark);
        Assert.Null(state.LeaseOwner);
        Assert.Empty(_h.Es.SchemaViolations);
    }

    [Fact]
    public async Task ItemsStillRejectedAtTheRunDeadlineFailTheRunAndAreNeverDeadLettered()
    {
        var ids = await _h.InsertGoodSalesAsync(8);
        var target = $"platform_sales-{ids[5]}";
        _h.Es.BulkItemFault = c => c.Id == target ? Rejected : null;
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var loader = _h.Services(settings: new Dictionary<string, string?>
        {
            ["Loader:RunDeadline"] = "00:10:00", ["Loader:RetryMaxDelay"] = "00:01:00", ["Loader:BulkConcurrency"] = "1",
            ["Loader:LeaseDuration"] = "01:00:00", // renewed after 20 min: the only other timer on this clock before the deadline
        }, configure: s => s.AddSingleton<TimeProvider>(clock)).GetRequiredService<LoadService>();

        var running = loader.LoadAsync(_h.Source(pageRows: 2), null, default);
        // One minute per timer the run starts: the lease's keep-alive once, then each backoff wait of the stuck row.
        while (!running.IsCompleted)
        {
            if (await Task.WhenAny(running, clock.WaitForTimerAsync()) == running) break;
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        var result = await running;

        Assert.Equal(LoadStatus.Failed, result.Status);
        Assert.Contains("429 es_rejected_execution_exception", result.Message);
        Assert.Contains("Loader:RunDeadline", result.Message);
        Assert.Empty(_h.Es.DocumentsOf(IndexNames.DeadLetter));
        Assert.True(_h.Es.Requests.Count(r => r.Path == "_bulk" && r.Body.Contains(target)) > 5); // retried, not given up after a count
        var state = (await _h.StateAsync())!;
        Assert.Equal("failed", state.LastRunStatus);
        Assert.Equal(new ChangeKey(_h.Base.AddSeconds(3), ids[3]), state.Watermark); // the page before the stuck row's page

        _h.Es.BulkItemFault = null;
        var again = await _h.Loader().LoadAsync(_h.Source(pageRows: 2), null, default);
        Assert.Equal((LoadStatus.Succeeded, 0L), (again.Status, again.DeadLettered));
        Assert.Equal(8, _h.Es.DocumentsOf(IndexNames.Sales).Count);
    }

    [Fact]
    public async Task RefusedConnectionsWholeRequest503sAndAWriteBlockAreWaitedOutWithoutDeadLetters()
    {
        var ids = await _h.InsertGoodSalesAsync(12);
        var bad = await _h.InsertSaleAsync("S1", LoaderHarness.Card(99), null, _h.Base.AddHours(-1), _h.Base.AddSeconds(30));
        var refused = 0;
        var loader = _h.Loader(beforeSend: (request, _) =>
            request.RequestUri!.AbsolutePath.EndsWith("/_bulk", StringComparison.Ordinal) && Interlocked.Increment(ref refused) <= 9
                ? throw new HttpRequestException("Connection refused (127.0.0.1:9200)") : Task.CompletedTask);
        _h.Es.FailNext("POST", "_bulk", 503, times: 6, type: "unavailable_shards_exception", reason: "[platform_sales-v1][0] primary shard is not active");
        var blockedAnswers = 0;
        _h.Es.BulkItemFault = c => c.Index == IndexNames.Sales && Interlocked.Increment(ref blockedAnswers) <= 20
            ? (429, TransientFailure.ClusterBlock, "index [platform_sales-v1] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block];")
            : null;

        var result = await loader.LoadAsync(_h.Source(pageRows: 4), null, default);

        Assert.Equal((LoadStatus.Succeeded, 12L, 1L), (result.Status, result.Indexed, result.DeadLettered));
        Assert.Equal(ids.Select(i => $"platform_sales-{i}").Order(), _h.Docs(IndexNames.Sales).Keys.Order());
        var deadLetter = Assert.Single(_h.Es.DocumentsOf(IndexNames.DeadLetter));
        Assert.Equal(bad.ToString(CultureInfo.InvariantCulture), deadLetter.Source["source_key"]!.ToString());
        Assert.Contains(_h.Logs.Lines, m => m.Contains("cluster_block_exception", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("refused")]
    [InlineData("503")]
    public async Task AnOutageOfEveryRequestMidRunEndsWithEveryRowOnceAfterItIsOver(string outage)
    {
        var good = await _h.InsertGoodSalesAsync(30);
        var bad = await _h.InsertSaleAsync("S1", "not a card", 10m, _h.Base.AddHours(-1), _h.Base.AddSeconds(40));
        var requests = 0;
        // From the 15th request on, the next 25 requests of any kind (searches, state writes, bulks) fail, then the cluster is back.
        bool Down() { var n = Interlocked.Increment(ref requests); return n is > 15 and <= 40; }
        var loader = _h.Loader(beforeSend: (request, _) =>
        {
            if (!Down()) return Task.CompletedTask;
            if (outage == "refused") throw new HttpRequestException("Connection refused (127.0.0.1:9200)");
            _h.Es.FailNext(request.Method.Method, request.RequestUri!.AbsolutePath.TrimStart('/'), 503, type: "master_not_discovered_exception", reason: "no master");
            return Task.CompletedTask;
        });

        var runs = new List<LoadResult>();
        for (var i = 0; i < 4 && runs.LastOrDefault()?.Status != LoadStatus.Succeeded; i++)
        {
            try { runs.Add(await loader.LoadAsync(_h.Source(pageRows: 3), null, default)); }
            catch (ControlPlane.Http.RestException e) // the cluster was still down when the run tried to take its lease
            {
                runs.Add(new LoadResult("platform_sales", "load", LoadStatus.Failed, 0, 0, 0, 0, 0, TimeSpan.Zero, e.Message));
            }
        }

        Assert.Equal(LoadStatus.Succeeded, runs[^1].Status);
        Assert.All(runs.Where(r => r.Status == LoadStatus.Failed), r => Assert.Contains(outage == "refused" ? "Connection refused" : "503", r.Message));
        Assert.Equal(good.Select(i => $"platform_sales-{i}").Order(), _h.Docs(IndexNames.Sales).Keys.Order());
        Assert.Equal(bad.ToString(CultureInfo.InvariantCulture), Assert.Single(_h.Es.DocumentsOf(IndexNames.DeadLetter)).Source["source_key"]!.ToString());
    }

    [Fact]
    public async Task AFloodStageBlockPastTheDeadlineFailsWithAClearErrorAndTheRunAfterItIsLiftedLoadsEverything()
    {
        var ids = await _h.InsertGoodSalesAsync(6);
        var blocked = true;
        // The flood-stage block as Elasticsearch 8 words it (ClusterBlockException: "index [NAME] blocked by: [STATUS/ID/DESCRIPTION];").
        _h.Es.BulkItemFault = c => blocked && c.Index == IndexNames.Sales
            ? (429, TransientFailure.ClusterBlock, "index [platform_sales-v1] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block; for more information, see https://ela.st/es-flood-stage-watermark];")
            : null;

        var failed = await _h.Loader(settings: new Dictionary<string, string?> { ["Loader:RunDeadline"] = "00:00:01" }).LoadAsync(_h.Source(), null, default);

        Assert.Equal(LoadStatus.Failed, failed.Status);
        Assert.Contains("cluster_block_exception", failed.Message);
        Assert.Contains("flood-stage watermark", failed.Message);
        Assert.Contains("Loader:RunDeadline", failed.Message);
        Assert.Empty(_h.Es.DocumentsOf(IndexNames.DeadLetter));
        Assert.Null((await _h.StateAsync())!.Watermark);

        blocked = false; // the operator freed disk; Elasticsearch lifts the block by itself below the high watermark
        var again = await _h.Loader().LoadAsync(_h.Source(), null, default);
        Assert.Equal((LoadStatus.Succeeded, 6L, 0L), (again.Status, again.Indexed, again.DeadLettered));
        Assert.Equal(ids.Count, _h.Es.DocumentsOf(IndexNames.Sales).Count);
    }
}
