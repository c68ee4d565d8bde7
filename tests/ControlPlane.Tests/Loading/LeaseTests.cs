using ControlPlane.Elastic;
using ControlPlane.Loading;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Loading;

/// <summary>Two processes on one cluster never load the same source at once.</summary>
public sealed class LeaseTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;
    public async Task InitializeAsync() => _h = await LoaderHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private LoaderStateStore Store => new(TestClients.Elasticsearch(_h.Es.Url));

    [Fact]
    public async Task ASecondLoaderIsTurnedAwayWhileTheFirstIsLoading()
    {
        await _h.InsertGoodSalesAsync(10);
        var release = new TaskCompletionSource();
        var firstBulk = new TaskCompletionSource();
        var a = _h.Loader("loader-a", beforeSend: async (request, ct) =>
        {
            if (!request.RequestUri!.AbsolutePath.EndsWith("/_bulk", StringComparison.Ordinal)) return;
            firstBulk.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        });
        var bBulks = 0;
        var b = _h.Loader("loader-b", beforeSend: (request, _) =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/_bulk", StringComparison.Ordinal)) Interlocked.Increment(ref bBulks);
            return Task.CompletedTask;
        });

        var runA = a.LoadAsync(_h.Source(), null, default);
        await firstBulk.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var resultB = await b.LoadAsync(_h.Source(), null, default);
        release.SetResult();
        var resultA = await runA;

        Assert.Equal(LoadStatus.Skipped, resultB.Status);
        Assert.StartsWith("source platform_sales is being loaded by loader-a:", resultB.Message);
        Assert.Equal(0, bBulks);
        Assert.Equal((LoadStatus.Succeeded, 10L), (resultA.Status, resultA.Indexed));
        Assert.Equal(10, _h.Es.DocumentsOf(IndexNames.Sales).Count);
        Assert.Null((await _h.StateAsync())!.LeaseOwner); // released at the end
    }

    [Fact]
    public async Task OfTwoLoadersTakingAFreeLeaseAtOnceExactlyOneGetsIt()
    {
        for (var round = 0; round < 5; round++)
        {
            var source = $"race-{round}";
            var attempts = Enumerable.Range(0, 2).Select(i =>
                SourceLease.TryAcquireAsync(Store, source, $"loader-{i}", TimeSpan.FromMinutes(1), TimeProvider.System, default));
            var results = await Task.WhenAll(attempts);

            Assert.Single(results, r => r.Lease is not null);
            var loser = Assert.Single(results, r => r.Lease is null);
            Assert.Equal(results.Single(r => r.Lease is not null).Lease!.Owner, loser.Holder!.LeaseOwner);
            foreach (var r in results) r.Lease?.Dispose();
        }
    }

    [Fact]
    public async Task AWriteOfOursThatLandedUnseenDoesNotLoseTheLease()
    {
        var (lease, _) = await SourceLease.TryAcquireAsync(Store, "unseen", "loader-a:run1", TimeSpan.FromMinutes(1), TimeProvider.System, default);
        // Our own earlier write reached the cluster but its answer never reached us (the request was cancelled in flight):
        // the document's sequence number moved on, yet it still names us as the owner.
        var current = (await Store.GetAsync("unseen", default))!;
        var landed = current.State.Copy();
        landed.LastRunStatus = "running";
        Assert.NotNull(await Store.TryReplaceAsync(landed, current.SeqNo, current.PrimaryTerm, default));

        await lease!.UpdateAsync(s => s.LastRunStatus = "failed", default, release: true);

        var final = (await Store.GetAsync("unseen", default))!.State;
        Assert.Equal("failed", final.LastRunStatus);
        Assert.Null(final.LeaseOwner);
        Assert.False(lease.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task AnExpiredLeaseIsTakenOverAndALiveOneIsNot()
    {
        await _h.InsertGoodSalesAsync(2);
        var crashed = await Store.TryCreateAsync(new LoaderState
        {
            Source = "platform_sales", LeaseOwner = "crashed-loader", LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        }, default);

        var taken = await _h.Loader().LoadAsync(_h.Source(), null, default);
        Assert.Equal((LoadStatus.Succeeded, 2L), (taken.Status, taken.Indexed));

        var current = await Store.GetAsync("platform_sales", default);
        var busy = current!.State.Copy();
        busy.LeaseOwner = "busy-loader";
        busy.LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(10);
        Assert.NotNull(await Store.TryReplaceAsync(busy, current.SeqNo, current.PrimaryTerm, default));

        var skipped = await _h.Loader().LoadAsync(_h.Source(), null, default);
        Assert.Equal(LoadStatus.Skipped, skipped.Status);
        Assert.Contains("busy-loader", skipped.Message);
        Assert.NotNull(crashed);
    }

    [Fact]
    public async Task ALoaderWhoseStateIsTakenOverStopsAndLeavesTheNewOwnersStateAlone()
    {
        await _h.InsertGoodSalesAsync(12);
        var tookOver = false;
        var loader = _h.Loader(beforeSend: async (request, ct) =>
        {
            if (tookOver || !request.RequestUri!.AbsolutePath.EndsWith("/_bulk", StringComparison.Ordinal)) return;
            tookOver = true;
            // Another process decides the lease expired and takes the document over.
            var current = await Store.GetAsync("platform_sales", ct);
            var thief = current!.State.Copy();
            thief.LeaseOwner = "thief";
            thief.LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(10);
            Assert.NotNull(await Store.TryReplaceAsync(thief, current.SeqNo, current.PrimaryTerm, ct));
        });

        var result = await loader.LoadAsync(_h.Source(pageRows: 3), null, default);

        Assert.Equal(LoadStatus.Failed, result.Status);
        Assert.Contains("lost the lease on source platform_sales", result.Message);
        Assert.Equal("thief", (await _h.StateAsync())!.LeaseOwner);
    }
}
