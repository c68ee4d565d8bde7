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

    private Dictionary<string, string?> CliSettings(FakeElasticsearch es) => new()
    {
        ["ES_URL"] = es.Url.ToString(), ["ES_RETRY_BASE_DELAY_MS"] = "1", ["MYSQL_CONNECTION"] = _h.Db.ConnectionString,
        ["CARD_HMAC_KEY"] = LoaderHarness.CardKey, ["CONTROLPLANE_ROOT"] = _h.Root.Path, ["KIBANA_URL"] = "",
    };

    [Fact]
    public async Task TheLoadCommandOnAFreshClusterStopsBeforeAnyWriteAndSaysRunApplyFirst()
    {
        await _h.InsertGoodSalesAsync(3);
        await using var fresh = await FakeElasticsearch.StartAsync();

        var result = await ControlPlane.Tests.Cli.CliRunner.RunAsync(CliSettings(fresh), "load", "--once", "--source", "platform_sales");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("load: load: the Elasticsearch assets are missing or drifted (+ component_template ", line);
        Assert.EndsWith("run apply first (plan shows every change)", line.TrimEnd());
        Assert.Empty(fresh.Indices);
        Assert.DoesNotContain(fresh.Requests, r => r.Method != "GET"); // the pre-check only reads
    }

    [Fact]
    public async Task AfterApplyTheLoadCommandLoadsAndALiveIndexMissingItsAliasStopsItAgain()
    {
        await _h.InsertGoodSalesAsync(3);
        await using var es = await FakeElasticsearch.StartAsync();
        var settings = CliSettings(es);
        var apply = await ControlPlane.Tests.Cli.CliRunner.RunAsync(settings, "apply", "--yes");
        Assert.True(apply.ExitCode == 0, apply.ToString());

        var load = await ControlPlane.Tests.Cli.CliRunner.RunAsync(settings, "load", "--once", "--source", "platform_sales");
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal(3, es.DocumentsOf(IndexNames.Sales).Count);

        lock (es.Sync) es.Aliases.RemoveAll(a => a.Name == IndexNames.DeadLetter);
        var drifted = await ControlPlane.Tests.Cli.CliRunner.RunAsync(settings, "load", "--once", "--source", "platform_sales");

        Assert.Equal(1, drifted.ExitCode);
        Assert.Contains("index platform_sales_deadletter", drifted.Err);
        Assert.Contains("run apply first", drifted.Err);
    }
}
