using ControlPlane.Elastic;
using ControlPlane.Loading;

namespace ControlPlane.Tests.Loading;

/// <summary>A source that cannot be read fails alone: the others load, and the run's end names the one that failed and why.</summary>
public sealed class SourceIsolationTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;
    private string _root = null!;

    public async Task InitializeAsync()
    {
        _h = await LoaderHarness.StartAsync();
        // The repository's sources and rules in a tree of the test's own, so a broken source file can be added.
        _root = Directory.CreateTempSubdirectory("cp-sources-").FullName;
        foreach (var folder in new[] { "sources", "fraud-rules" })
        {
            var from = Path.Combine(_h.Root.Path, "elastic-assets", folder);
            var to = Directory.CreateDirectory(Path.Combine(_root, "elastic-assets", folder)).FullName;
            foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private LoadService Loader() => _h.Loader(settings: new Dictionary<string, string?> { ["CONTROLPLANE_ROOT"] = _root });

    [Fact]
    public async Task AMissingTableAndABrokenDefinitionFailOnlyTheirSourcesAndTheSummaryNamesThem()
    {
        await _h.InsertGoodSalesAsync(3);
        await _h.Db.ExecuteAsync("DROP TABLE orders"); // shop_orders' table
        File.WriteAllText(Path.Combine(_root, "elastic-assets", "sources", "legacy_pos.yml"), "kind: source\nname: legacy_pos\nversion: 1\ntable: pos\nplatform: pos\nschedule: every day\n");

        var results = await Loader().RunEachAsync(null, null, null, default);

        Assert.Equal(["legacy_pos", "platform_sales", "shop_orders"], results.Select(r => r.Source));
        Assert.Equal([LoadStatus.Failed, LoadStatus.Succeeded, LoadStatus.Failed], results.Select(r => r.Status));
        Assert.Equal(3, results[1].Indexed);
        Assert.Equal(3, _h.Es.DocumentsOf(IndexNames.Sales).Count());
        Assert.Contains("elastic-assets/sources/legacy_pos.yml:1: schedule 'every day' is not a 5-field cron expression", results[0].Message);
        Assert.Contains("orders", results[2].Message);

        var output = new StringWriter();
        var error = new StringWriter();
        Assert.False(LoadConsole.PrintSummaries(results, output, error)); // the commands exit 1 on false
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("load: source legacy_pos failed: its definition cannot be read: elastic-assets/sources/legacy_pos.yml:1:", lines[0]);
        Assert.StartsWith("load: source shop_orders failed:", lines[1]);
        Assert.Contains("platform_sales: load done: read 3, indexed 3", output.ToString());
    }

    [Fact]
    public async Task ABackfillGoesOnPastAFailedSourceToo()
    {
        await _h.InsertGoodSalesAsync(2);
        await _h.Db.ExecuteAsync("DROP TABLE orders");

        var results = await Loader().RunEachAsync(null, (_h.Base.AddDays(-30), _h.Base.AddDays(1)), null, default);

        Assert.Equal([("platform_sales", LoadStatus.Succeeded), ("shop_orders", LoadStatus.Failed)], results.Select(r => (r.Source, r.Status)));
    }
}
