using ControlPlane.Elastic;
using ControlPlane.Loading;
using ControlPlane.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Tests.Loading;

/// <summary>
/// Nothing is written before the assets exist: every loader write names one of our aliases with require_alias=true,
/// so a fresh cluster refuses it (instead of auto-creating a plain index that apply would then refuse) and the run
/// stops with "run apply first".
/// </summary>
public sealed class AssetsFirstTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;

    public async Task InitializeAsync() => _h = await LoaderHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task LoadBeforeApplyWritesNothingAndSaysRunApplyFirst()
    {
        await _h.InsertGoodSalesAsync(3);
        await using var fresh = await FakeElasticsearch.StartAsync();
        var loader = _h.Services(settings: new Dictionary<string, string?> { ["ES_URL"] = fresh.Url.ToString() }).GetRequiredService<LoadService>();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => loader.LoadAsync(_h.Source(), null, default));

        Assert.Contains("run apply first", ex.Message);
        Assert.Empty(fresh.Indices); // nothing auto-created
    }

    [Fact]
    public async Task ASaleIndexWithoutItsAliasStopsTheRunInsteadOfDeadLetteringEveryRow()
    {
        await _h.InsertGoodSalesAsync(3);
        lock (_h.Es.Sync) _h.Es.Aliases.RemoveAll(a => a.Name == IndexNames.Sales);

        var result = await _h.Loader().LoadAsync(_h.Source(), null, default);

        Assert.Equal(LoadStatus.Failed, result.Status);
        Assert.Contains("run apply first", result.Message);
        Assert.Empty(_h.Es.DocumentsOf(IndexNames.DeadLetter));
        Assert.DoesNotContain(IndexNames.Sales, _h.Es.Indices.Keys); // not auto-created beside the versioned index
    }
}
