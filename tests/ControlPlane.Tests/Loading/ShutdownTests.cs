using ControlPlane.Elastic;
using ControlPlane.Loading;
using ControlPlane.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Tests.Loading;

/// <summary>
/// SIGTERM reaches a run as its cancellation token: <c>load</c>'s through System.CommandLine's process-termination
/// handling, <c>serve</c>'s through the host's stopping token of the scheduler. A stopped run takes no more pages, abandons
/// the requests in flight (their rows stay after the watermark), writes its final state and releases its lease (bounded
/// by a 30 s timeout). A killed run cannot: its lease blocks the source until it expires, or until <c>lease release</c>.
/// </summary>
public sealed class ShutdownTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;

    public async Task InitializeAsync() => _h = await LoaderHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("load")]
    [InlineData("serve")]
    public async Task SigtermMidRunStopsTakingPagesWritesItsStateAndReleasesItsLease(string command)
    {
        var ids = await _h.InsertGoodSalesAsync(40);
        var source = _h.Source(pageRows: 4);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bulks = 0;
        var afterStop = 0;
        using var sigterm = new CancellationTokenSource();
        var services = _h.Services("loader-a", beforeSend: async (request, ct) =>
        {
            if (!request.RequestUri!.AbsolutePath.EndsWith("/_bulk", StringComparison.Ordinal)) return;
            if (sigterm.IsCancellationRequested) Interlocked.Increment(ref afterStop);
            if (Interlocked.Increment(ref bulks) == 3)
            {
                holding.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct); // in flight until abandoned
            }
        }, settings: new Dictionary<string, string?> { ["Loader:BulkConcurrency"] = "1", ["Loader:ChannelCapacity"] = "1" });

        var results = new List<LoadResult>();
        var run = command == "load"
            ? services.GetRequiredService<LoadService>().LoadAsync(source, null, sigterm.Token)
            : services.GetRequiredService<LoaderScheduler>().RunAsync([source], results.Add, sigterm.Token);
        await holding.Task;
        await sigterm.CancelAsync();
        if (command == "load") await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        else await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, afterStop); // no page was sent after the signal
        var state = (await _h.StateAsync())!;
        Assert.Equal(("failed", "cancelled"), (state.LastRunStatus, state.LastError));
        Assert.Null(state.LeaseOwner);
        Assert.Equal(new ChangeKey(_h.Base.AddSeconds(7), ids[7]), state.Watermark); // two pages done, the third abandoned

        var next = await _h.Loader("loader-b").LoadAsync(source, null, default); // not skipped: the lease was released
        Assert.Equal(LoadStatus.Succeeded, next.Status);
        Assert.Equal(ids.Select(i => $"platform_sales-{i}").Order(), _h.Docs(IndexNames.Sales).Keys.Order());
    }

    [Fact]
    public async Task AfterAKillTheSourceWaitsForTheLeaseToExpireOrForLeaseRelease()
    {
        await _h.InsertGoodSalesAsync(5);
        // A killed loader's last words: the lease it took, never released.
        var store = new LoaderStateStore(TestSupport.TestClients.Elasticsearch(_h.Es.Url));
        var (lease, _) = await SourceLease.TryAcquireAsync(store, "platform_sales", "host-1:4242:deadbeef", TimeSpan.FromMinutes(2), TimeProvider.System, default);
        Assert.NotNull(lease);

        var skipped = await _h.Loader("loader-b").LoadAsync(_h.Source(), null, default);
        Assert.Equal(LoadStatus.Skipped, skipped.Status);
        Assert.Contains("host-1:4242:deadbeef", skipped.Message);

        var released = await CliRunner.RunAsync("lease", "release", "--source", "platform_sales", "--root", _h.Root.Path, "--es-url", _h.Es.Url.ToString());
        Assert.Equal(0, released.ExitCode);
        Assert.StartsWith("source platform_sales: released the lease of host-1:4242:deadbeef (until ", released.Out);
        Assert.Contains("not yet expired", released.Out);

        var next = await _h.Loader("loader-b").LoadAsync(_h.Source(), null, default);
        Assert.Equal((LoadStatus.Succeeded, 5L), (next.Status, next.Indexed));
        Assert.Equal("source platform_sales: no lease to release", (await CliRunner.RunAsync("lease", "release", "--source", "platform_sales", "--root", _h.Root.Path, "--es-url", _h.Es.Url.ToString())).Out.Trim());
    }

    [Fact]
    public async Task LeaseReleaseNamesAnUnknownSource()
    {
        var result = await CliRunner.RunAsync("lease", "release", "--source", "nope", "--root", _h.Root.Path, "--es-url", _h.Es.Url.ToString());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nope", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }
}
