using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Net;
using System.Text.Json.Nodes;
using ControlPlane.Http;
using ControlPlane.Planning;
using ControlPlane.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ControlPlane.Tests.Api;

public sealed class StatusPageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
    private readonly FixedTimeProvider _time = new(Now);
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();
    public async Task DisposeAsync() => await _es.DisposeAsync();

    private Task<ApiTestServer> StartAsync(Uri es, ScriptedPlanSection section) => ApiTestServer.StartAsync(es, services: s =>
    {
        s.AddSingleton<TimeProvider>(_time);
        // The scripted section stands for the whole desired state: the real sections are not under test here.
        s.RemoveAll<IPlanSection>();
        s.AddSingleton<IPlanSection>(section);
    });

    private async Task SeedStateAsync()
    {
        await SalesData.IndexAsync(_es, "platform_loader_state",
        [
            ("platform_sales", new JsonObject
            {
                ["source"] = "platform_sales", ["watermark_updated_at"] = "2026-11-21T03:54:30.123456Z", ["watermark_id"] = "48211",
                ["last_run_started_at"] = "2026-11-21T03:50:00.000Z", ["last_run_finished_at"] = "2026-11-21T03:54:00.000Z", ["last_run_status"] = "succeeded",
                ["last_run_rows_read"] = 1203, ["last_run_rows_indexed"] = 1200, ["last_run_rows_deadlettered"] = 3, ["last_run_rows_flagged"] = 2,
                ["last_run_sales_new"] = 10, ["last_run_sales_updated"] = 2, ["last_run_sales_unchanged"] = 1188,
                ["total_rows_indexed"] = 45000, ["total_rows_deadlettered"] = 17, ["total_rows_flagged"] = 9, ["updated_at"] = "2026-11-21T03:54:00.000Z",
            }),
            ("legacy_pos", new JsonObject
            {
                ["source"] = "legacy_pos", ["last_run_status"] = "failed", ["last_run_finished_at"] = "2026-11-20T21:00:00.000Z",
                ["last_error"] = "<script>alert('owned')</script> MySQL refused the connection",
            }),
        ]);
        // What the indices hold: 5 distinct sales of platform_sales (one written twice, as an overlap re-read does), 2 of
        // them flagged, 1 dead letter; one sale of another source. The state's running totals above count re-reads.
        var sales = Enumerable.Range(1, 5).Select(k => SalesData.Sale(k, "S1", "pos", 10m * k, "2026-11-20T10:00:00+09:00")).ToList();
        await SalesData.IndexSalesAsync(_es, "platform_sales", sales);
        await SalesData.IndexSalesAsync(_es, "platform_sales", [sales[0]]);
        var other = SalesData.Sale(9, "S1", "pos", 1m, "2026-11-20T10:00:00+09:00");
        other["source"] = "shop_orders";
        other["sale_id"] = "shop_orders-9";
        await SalesData.IndexSalesAsync(_es, "platform_sales", [other]);
        await SalesData.IndexSalesAsync(_es, "platform_fraud_sales", [SalesData.Flagged(sales[3]), SalesData.Flagged(sales[4])]);
        await SalesData.IndexAsync(_es, "platform_sales_deadletter", [("platform_sales-77", new JsonObject { ["source"] = "platform_sales", ["source_key"] = "77", ["stage"] = "mapping", ["reason"] = "amount_sale is NULL" })]);
    }

    [Fact]
    public async Task AnOperatorSeesEachSourcesRunWatermarkLagCountsAndDrift()
    {
        await SeedStateAsync();
        var section = new ScriptedPlanSection(() =>
        [
            new PlannedChange(ChangeAction.Unchanged, "component_template", "platform_sales_mappings", []),
            new PlannedChange(ChangeAction.Update, "index_template", "platform_sales", ["template.mappings.properties.amount_sale.scaling_factor"]),
        ]);
        await using var api = await StartAsync(_es.Url, section);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 800 } });
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        var external = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith(api.Url.ToString(), StringComparison.Ordinal)) external.Add(request.Url); };

        var response = await page.GotoAsync(api.Url.ToString());
        Assert.Equal(200, response!.Status);

        var sales = page.Locator("tr[data-source='platform_sales'] td");
        Assert.Equal(
            ["platform_sales\ntable platform_sales, cron 0 */6 * * *", "succeeded", "2026-11-21 12:54:00 +09:00", "2026-11-21 12:54:30 +09:00", "2 h 5 min", "1,200 / 5", "10 / 2 / 1,188", "3 / 1", "2 / 2", ""],
            (await sales.AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal("never run", (await page.Locator("tr[data-source='shop_orders'] .badge").InnerTextAsync()).Trim());
        var legacy = page.Locator("tr[data-source='legacy_pos']");
        Assert.Equal("failed", (await legacy.Locator(".badge").InnerTextAsync()).Trim());
        Assert.Equal("<script>alert('owned')</script> MySQL refused the connection", (await legacy.Locator("td.error").InnerTextAsync()).Trim());

        var drift = page.Locator("#drift");
        Assert.Contains("drifted", await drift.Locator(".badge").InnerTextAsync());
        Assert.Contains("1 change(s) pending", await drift.InnerTextAsync());
        Assert.Equal(["~ index_template platform_sales (template.mappings.properties.amount_sale.scaling_factor)"], await drift.Locator("li").AllInnerTextsAsync());

        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.Equal(0, dialogs);
        Assert.Empty(external);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "status.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 0);
    }

    /// <summary>
    /// The repository's assets applied to the fake, then the daily transform stopped and the weekly one left hours behind
    /// the newest sale (checkpoint times as GET _transform/ID/_stats reports them: see FakeElasticsearch.Transforms).
    /// </summary>
    private async Task SeedTransformsAsync()
    {
        var apply = await Cli.CliRunner.RunAsync("apply", "--yes", "--root", TestSupport.RepositoryRoot.Path, "--es-url", _es.Url.ToString());
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var daily = _es.Transforms["platform_sales_per_price-v2"];
        daily.State = "stopped";
        (daily.Checkpoint, daily.CheckpointAt, daily.CoversUpTo) = (41, Now.AddMinutes(-3), Now.AddMinutes(-4));
        var weekly = _es.Transforms["platform_sales_week_per_price-v2"];
        (weekly.Checkpoint, weekly.CheckpointAt, weekly.CoversUpTo) = (12, Now.AddHours(-4), Now.AddHours(-4).AddMinutes(-3));
        var sale = SalesData.Sale(1, "S1", "pos", 10m, "2026-11-21T14:58:00+09:00");
        // The platform-sales pipeline stamps ingested_at from the cluster's clock (_ingest.timestamp): ingested 2 minutes ago.
        _es.Clock = new FixedTimeProvider(Now.AddMinutes(-2));
        await SalesData.IndexSalesAsync(_es, "platform_sales", [sale]);
    }

    [Fact]
    public async Task AStoppedTransformAndALaggingOneReadDifferentlyOnThePage()
    {
        await SeedTransformsAsync();
        await using var api = await StartAsync(_es.Url, new ScriptedPlanSection(() => []));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 800 } });
        Assert.Equal(200, (await page.GotoAsync(api.Url.ToString()))!.Status);

        var daily = page.Locator("tr[data-transform='platform_sales_per_price'] td");
        Assert.Equal(
            ["platform_sales_per_price\nplatform_sales_per_price-v2", "stopped", "stopped", "green", "#41 at 2026-11-21 14:57:00 +09:00", "2 min 0 s", ""],
            (await daily.AllInnerTextsAsync()).Select(t => t.Trim()));
        var weekly = page.Locator("tr[data-transform='platform_sales_week_per_price'] td");
        Assert.Equal(
            ["platform_sales_week_per_price\nplatform_sales_week_per_price-v2", "lagging", "started", "green", "#12 at 2026-11-21 11:00:00 +09:00", "4 h 1 min", ""],
            (await weekly.AllInnerTextsAsync()).Select(t => t.Trim()));
        // Different at a glance: stopped is red, lagging amber.
        var stoppedColor = await page.Locator("tr[data-transform='platform_sales_per_price'] .badge").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        var laggingColor = await page.Locator("tr[data-transform='platform_sales_week_per_price'] .badge").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.NotEqual(stoppedColor, laggingColor);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "status-transforms.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 0);
        Assert.Empty(_es.SchemaViolations);
    }

    [Fact]
    public async Task HealthzDetailNamesEachTransformsConditionWhileLivenessStaysOk()
    {
        await SeedTransformsAsync();
        await using var api = await StartAsync(_es.Url, new ScriptedPlanSection(() => []));

        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync("healthz")).StatusCode);
        var response = await api.Client.GetAsync("healthz/detail");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var detail = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("degraded", detail["status"]!.ToString());
        Assert.Equal("ok", detail["elasticsearch"]!["status"]!.ToString());
        var transforms = detail["transforms"]!.AsArray();
        Assert.Equal(
            [("platform_sales_per_price", "stopped", "stopped", 120L, 41L), ("platform_sales_week_per_price", "lagging", "started", 4 * 3600 + 60, 12L)],
            transforms.Select(t => (t!["alias"]!.ToString(), t["condition"]!.ToString(), t["state"]!.ToString(), (long)t["lag_seconds"]!, (long)t["checkpoint"]!)));
        Assert.Equal(Now.AddHours(-4), DateTimeOffset.Parse(transforms[1]!["checkpoint_at"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture));

        // Both running and caught up: ok.
        _es.Transforms["platform_sales_per_price-v2"].State = "started";
        _es.Transforms["platform_sales_week_per_price-v2"].CoversUpTo = Now.AddMinutes(-5);
        var healthy = JsonNode.Parse(await api.Client.GetStringAsync("healthz/detail"))!;
        Assert.Equal("ok", healthy["status"]!.ToString());
    }

    [Fact]
    public async Task AFailedTransformShowsWhyItFailed()
    {
        await SeedTransformsAsync();
        var weekly = _es.Transforms["platform_sales_week_per_price-v2"];
        weekly.State = "failed";
        weekly.FailureReason = "task encountered irrecoverable failure: org.elasticsearch.index.mapper.DocumentParsingException: [1:12] mapping set to strict";
        await using var api = await StartAsync(_es.Url, new ScriptedPlanSection(() => []));

        var html = await api.Client.GetStringAsync("");

        Assert.Contains("data-transform=\"platform_sales_week_per_price\" data-condition=\"failed\"", html);
        Assert.Contains("<span class=\"badge bad\">failed</span>", html);
        Assert.Contains("mapping set to strict", html);
    }

    [Fact]
    public async Task WhenElasticsearchIsUnreachableThePageSaysUnknownAndWhy()
    {
        var section = new ScriptedPlanSection(() => throw new RestException("elasticsearch", HttpMethod.Get, "_index_template/platform_sales", 0, null, "Connection refused (127.0.0.1:1)"));
        var down = _es.Url;
        await _es.DisposeAsync();
        _es = await FakeElasticsearch.StartAsync(); // DisposeAsync of the class disposes this one
        await using var api = await StartAsync(down, section);

        var response = await api.Client.GetAsync("");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Loader state unknown: Elasticsearch unreachable", html);
        Assert.Contains("<span class=\"badge none\">unknown</span> <span class=\"error\">elasticsearch unreachable: Connection refused (127.0.0.1:1)</span>", html);
        Assert.Contains("data-source=\"platform_sales\"", html); // sources still listed from their definitions
    }

    [Fact]
    public async Task TheDriftCheckIsReusedForAMinute()
    {
        var section = new ScriptedPlanSection(() => [new PlannedChange(ChangeAction.Unchanged, "index_template", "platform_sales", [])]);
        await using var api = await StartAsync(_es.Url, section);

        Assert.Contains("in sync", await api.Client.GetStringAsync(""));
        _time.Now = Now.AddSeconds(59);
        await api.Client.GetStringAsync("");
        Assert.Equal(1, section.Calls);

        _time.Now = Now.AddSeconds(61);
        await api.Client.GetStringAsync("");
        Assert.Equal(2, section.Calls);
    }
}
