using System.Globalization;
using ControlPlane.Cli;
using ControlPlane.Elastic;
using ControlPlane.Loading;
using ControlPlane.Reconciliation;
using ControlPlane.Tests.Loading;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Tests.Reconciliation;

/// <summary>
/// reconcile against the real MariaDB and the fake Elasticsearch: after a clean load the two sides agree (flags included,
/// recomputed by the pure fraud check); each planted difference is found on its own store-day and <c>--repair</c> clears it.
/// </summary>
public sealed class ReconcileTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;
    private DateOnly _d;

    public async Task InitializeAsync()
    {
        _h = await LoaderHarness.StartAsync();
        _d = DateOnly.FromDateTime(_h.Base).AddDays(-3);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private DateTime At(int dayOffset, int hour) => _d.AddDays(dayOffset).ToDateTime(new TimeOnly(hour, 0));

    private ReconcileService Reconcile() => _h.Services().GetRequiredService<ReconcileService>();

    [Fact]
    public async Task PlantedDifferencesAreFoundOnTheirOwnDaysAndRepairedByBackfillingExactlyThoseDays()
    {
        // Day 0: a card paying 250 three times at S1 where the weekly AOV is 100: the third payment is flagged.
        await _h.PutWeeklyAovAsync("S1", 100, [_d.AddDays(-3), _d.AddDays(-2), _d.AddDays(-1), _d]);
        for (var i = 0; i < 3; i++) await _h.InsertSaleAsync("S1", LoaderHarness.Card(1), 250m, At(-2 + i, 10), _h.Base.AddSeconds(i));
        var deletedByHand = await _h.InsertSaleAsync("S2", LoaderHarness.Card(2), 40m, At(-1, 12), _h.Base.AddSeconds(10));
        var fixedLater = await _h.InsertSaleAsync("S3", LoaderHarness.Card(3), null, At(-2, 9), _h.Base.AddSeconds(11));
        await _h.InsertSaleAsync("S3", LoaderHarness.Card(4), 12.5m, At(-2, 15), _h.Base.AddSeconds(12));
        var source = _h.Source();
        Assert.Equal(LoadStatus.Succeeded, (await _h.Loader().LoadAsync(source, null, default)).Status);
        Assert.Single(_h.Docs(IndexNames.FraudSales));

        Assert.Empty(await Reconcile().CompareAsync(source, _d.AddDays(-3), _d, default));

        // The plants: a sale deleted by hand in Elasticsearch; a row inserted with an updated_at below the watermark (a
        // delta run never sees it); a dead-lettered row fixed after the last load (its fix not loaded yet; its new
        // updated_at moves forward, as ON UPDATE CURRENT_TIMESTAMP does, so the fixed version outranks the bad one's tombstone).
        var belowWatermark = await _h.InsertSaleAsync("S4", LoaderHarness.Card(5), 77m, At(0, 8), _h.Base.AddSeconds(-3600));
        Assert.Equal(LoadStatus.Succeeded, (await _h.Loader().LoadAsync(source, null, default)).Status); // a delta run misses it
        await _h.Db.ExecuteAsync("UPDATE platform_sales SET amount_sale = 30, updated_at = @u WHERE id = @id",
            ("@u", LoaderHarness.Text(_h.Base.AddSeconds(20))), ("@id", fixedLater));
        await TestClients.Elasticsearch(_h.Es.Url).SendOrThrowAsync(HttpMethod.Delete, $"{IndexNames.Sales}/_doc/platform_sales-{deletedByHand}", null, default);

        var differences = await Reconcile().CompareAsync(source, _d.AddDays(-3), _d, default);

        Assert.Equal(
        [
            $"platform_sales S3 {Day(-2)}: mysql sales 2 sum 42.50 dead-lettered 0 flagged 0 | elasticsearch sales 1 sum 12.50 dead-lettered 1 flagged 0",
            $"platform_sales S2 {Day(-1)}: mysql sales 1 sum 40.00 dead-lettered 0 flagged 0 | elasticsearch sales 0 sum 0.00 dead-lettered 0 flagged 0",
            $"platform_sales S4 {Day(0)}: mysql sales 1 sum 77.00 dead-lettered 0 flagged 0 | elasticsearch sales 0 sum 0.00 dead-lettered 0 flagged 0",
        ], differences.Select(d => d.ToString()));

        var repairs = await Reconcile().RepairAsync(source, differences, default);

        Assert.Equal(3, repairs.Count); // one backfill per differing day, nothing else
        Assert.All(repairs, r => Assert.Equal((LoadStatus.Succeeded, "backfill"), (r.Status, r.Kind)));
        Assert.Empty(await Reconcile().CompareAsync(source, _d.AddDays(-3), _d, default));
        Assert.Contains($"platform_sales-{belowWatermark}", _h.Docs(IndexNames.Sales).Keys);
        Assert.Single(_h.Docs(IndexNames.FraudSales)); // the repair did not change a verdict
    }

    [Fact]
    public async Task AFlagThatThePureCheckWouldNotGiveIsADifference()
    {
        await _h.PutWeeklyAovAsync("S1", 100, [_d.AddDays(-1)]);
        var id = await _h.InsertSaleAsync("S1", LoaderHarness.Card(1), 250m, At(0, 10), _h.Base);
        await _h.Loader().LoadAsync(_h.Source(), null, default);
        var es = TestClients.Elasticsearch(_h.Es.Url);
        var doc = _h.Docs(IndexNames.Sales)[$"platform_sales-{id}"].Source.DeepClone().AsObject();
        doc["fraud_flagged"] = true; // flagged in the index, but one payment is no repeat
        await es.SendOrThrowAsync(HttpMethod.Put, $"{IndexNames.Sales}/_doc/platform_sales-{id}", doc, default);

        var difference = Assert.Single(await Reconcile().CompareAsync(_h.Source(), null, null, default));

        Assert.Equal((0L, 1L), (difference.MySql.Flagged, difference.Elasticsearch.Flagged));
    }

    [Fact]
    public async Task AScheduledReconcileKeepsItsResultForTheStatusPage()
    {
        var sold = _h.Base.AddDays(-2); // inside the last 7 days, whatever the hour
        await _h.InsertSaleAsync("S9", LoaderHarness.Card(9), 15m, sold, _h.Base); // never loaded: Elasticsearch lacks it
        var services = _h.Services(settings: new Dictionary<string, string?> { ["Reconcile:TimeZone"] = "UTC", ["Reconcile:Days"] = "7" });

        var run = await services.GetRequiredService<ReconcileScheduler>().RunOnceAsync(default);

        Assert.Null(run.Error);
        var difference = Assert.Single(run.Differences);
        Assert.Equal(new StoreDay("platform_sales", "S9", DateOnly.FromDateTime(sold)), difference.Day);
        Assert.Same(run, services.GetRequiredService<ReconcileStatus>().Last);
        var page = ControlPlane.Api.StatusPage.Render(new ControlPlane.Api.StatusReport(DateTimeOffset.UtcNow, [], null, null,
            new ControlPlane.Api.DriftStatus(DateTimeOffset.UtcNow, default, [], [], null), run), TimeZoneInfo.Utc);
        Assert.Contains("1 store-day(s) differ", page);
        Assert.Contains($"platform_sales S9 {DateOnly.FromDateTime(sold):yyyy-MM-dd}: mysql sales 1 sum 15.00", page);
    }

    [Fact]
    public void ReconcileParsesItsOptionsAndRefusesHalfARange()
    {
        var root = RootCommandFactory.Create();
        Assert.Empty(root.Parse(["reconcile", "--source", "platform_sales", "--from", "2026-11-01", "--to", "2026-11-30", "--repair"]).Errors);
        Assert.Equal(2, ExitCodes.Differences);
    }

    [Fact]
    public async Task TheCommandPrintsEachDifferingDayExitsTwoAndZeroOnceRepaired()
    {
        await _h.InsertSaleAsync("S1", LoaderHarness.Card(1), 20m, At(-1, 10), _h.Base);
        Assert.Equal(LoadStatus.Succeeded, (await _h.Loader().LoadAsync(_h.Source(), null, default)).Status);
        // CARD_HMAC_KEY and the rest as the environment would give them, without touching this process's environment.
        var settings = new Dictionary<string, string?>
        {
            ["ES_URL"] = _h.Es.Url.ToString(), ["ES_RETRY_BASE_DELAY_MS"] = "1", ["MYSQL_CONNECTION"] = _h.Db.ConnectionString,
            ["CARD_HMAC_KEY"] = LoaderHarness.CardKey, ["CONTROLPLANE_ROOT"] = _h.Root.Path, ["KIBANA_URL"] = "",
        };
        string[] args = ["reconcile", "--source", "platform_sales", "--from", Day(-3), "--to", Day(0)];

        var agree = await ControlPlane.Tests.Cli.CliRunner.RunAsync(settings, args);
        Assert.Equal((ExitCodes.Success, "platform_sales: MySQL and Elasticsearch agree\n"), (agree.ExitCode, agree.Out.ReplaceLineEndings("\n")));

        await _h.InsertSaleAsync("S4", LoaderHarness.Card(5), 77m, At(0, 8), _h.Base.AddSeconds(-3600)); // below the watermark
        var differ = await ControlPlane.Tests.Cli.CliRunner.RunAsync(settings, args);
        var missing = $"platform_sales S4 {Day(0)}: mysql sales 1 sum 77.00 dead-lettered 0 flagged 0 | elasticsearch sales 0 sum 0.00 dead-lettered 0 flagged 0";
        Assert.Equal((ExitCodes.Differences, $"{missing}\nplatform_sales: 1 store-day(s) differ\n"), (differ.ExitCode, differ.Out.ReplaceLineEndings("\n")));

        var repaired = await ControlPlane.Tests.Cli.CliRunner.RunAsync(settings, [.. args, "--repair"]);
        Assert.True(repaired.ExitCode == ExitCodes.Success, repaired.ToString());
        var lines = repaired.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{missing} (repairing)", lines[0]);
        Assert.Equal("platform_sales: MySQL and Elasticsearch agree", lines[^1]);
        Assert.Equal(ExitCodes.Success, (await ControlPlane.Tests.Cli.CliRunner.RunAsync(settings, args)).ExitCode);
    }

    private string Day(int offset) => _d.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
