using ControlPlane.Elastic;
using ControlPlane.Loading;

namespace ControlPlane.Tests.Loading;

/// <summary>
/// The faults of the MySQL side an operator meets, on the real MariaDB: the reader's connection killed mid-run, every
/// connection killed (a restart, as clients see it), a page query that times out. Each ends with every good row indexed
/// once and every bad row dead-lettered once, in the same run.
/// </summary>
public sealed class MySqlFaultTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;

    public async Task InitializeAsync() => _h = await LoaderHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>One page in flight per stage, so the reader still has pages to read when the fault hits.</summary>
    private static readonly Dictionary<string, string?> Narrow = new() { ["Loader:ChannelCapacity"] = "1", ["Loader:BulkConcurrency"] = "1" };

    [Fact]
    public async Task TheReadersConnectionKilledMidRunIsReopenedAndTheRunCompletes()
    {
        var (good, bad) = await InsertRowsAsync();
        var bulks = 0;
        var killed = 0;
        var loader = _h.Loader(settings: Narrow, beforeSend: async (request, _) =>
        {
            if (IsBulk(request) && Interlocked.Increment(ref bulks) == 3) killed = await _h.Db.KillOtherConnectionsAsync();
        });

        var result = await loader.LoadAsync(_h.Source(pageRows: 3), null, default);

        Assert.True(killed > 0);
        AssertEveryRowOnce(result, good, bad);
        Assert.Contains(_h.Logs.Lines, l => l.Contains("reading MySQL failed (attempt 1), reconnecting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARestartThatDropsEveryConnectionSeveralTimesLosesNothing()
    {
        var (good, bad) = await InsertRowsAsync();
        var bulks = 0;
        var loader = _h.Loader(settings: Narrow, beforeSend: async (request, _) =>
        {
            if (IsBulk(request) && Interlocked.Increment(ref bulks) is 2 or 4 or 6) await _h.Db.KillOtherConnectionsAsync();
        });

        var result = await loader.LoadAsync(_h.Source(pageRows: 3), null, default);

        AssertEveryRowOnce(result, good, bad);
    }

    [Fact]
    public async Task APageQueryThatTimesOutIsAskedAgainOnAFreshConnection()
    {
        var (good, bad) = await InsertRowsAsync();
        IAsyncDisposable? tableLock = null;
        var unlocked = new TaskCompletionSource();
        // The lock goes as soon as the reader reports its timed-out attempt, so the retry finds the table free.
        _h.Logs.Logged += line =>
        {
            if (line.Contains("reading MySQL failed", StringComparison.Ordinal) && tableLock is { } held && Interlocked.Exchange(ref tableLock, null) is not null)
                _ = Task.Run(async () => { await held.DisposeAsync(); unlocked.TrySetResult(); });
        };
        var bulks = 0;
        var settings = new Dictionary<string, string?>(Narrow) { ["Loader:MySqlCommandTimeoutSeconds"] = "1" };
        var loader = _h.Loader(settings: settings, beforeSend: async (request, _) =>
        {
            if (IsBulk(request) && Interlocked.Increment(ref bulks) == 2) tableLock = await _h.Db.LockForWriteAsync("platform_sales");
        });

        var result = await loader.LoadAsync(_h.Source(pageRows: 3), null, default);

        await unlocked.Task;
        AssertEveryRowOnce(result, good, bad);
    }

    private static bool IsBulk(HttpRequestMessage request) => request.RequestUri!.AbsolutePath.EndsWith("/_bulk", StringComparison.Ordinal);

    private async Task<(List<long> Good, List<long> Bad)> InsertRowsAsync()
    {
        var good = new List<long>();
        var bad = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            var isBad = i % 7 == 3;
            var id = await _h.InsertSaleAsync($"S{i % 3}", LoaderHarness.Card(i), isBad ? null : 10m + i, _h.Base.AddHours(-1), _h.Base.AddSeconds(i));
            (isBad ? bad : good).Add(id);
        }
        return (good, bad);
    }

    private void AssertEveryRowOnce(LoadResult result, List<long> good, List<long> bad)
    {
        Assert.True(result.Status == LoadStatus.Succeeded, result.Message);
        Assert.Equal((good.Count + bad.Count, good.Count, bad.Count), ((int)result.Read, (int)result.Indexed, (int)result.DeadLettered));
        Assert.Equal(good.Select(id => $"platform_sales-{id}").Order(), _h.Docs(IndexNames.Sales).Keys.Order());
        Assert.Equal(bad.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            _h.Es.DocumentsOf(IndexNames.DeadLetter).Select(d => d.Source["source_key"]!.ToString()).Order());
    }
}
