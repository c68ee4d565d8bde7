using System.Net;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Tests.Api;
using ControlPlane.Tests.Loading;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Aov;

/// <summary>
/// Golden cases of issue 8: what the repository's transforms compute from MySQL rows, run by the fake as Elasticsearch runs
/// them (FakeElasticsearch.Checkpoints.cs cites how), and what the API and the fraud check read from their output.
/// The live suite has the same cases against a real cluster (Live/AovLiveTests.cs; skipped without ES_URL).
/// </summary>
public sealed class AovGoldenTests : IAsyncLifetime
{
    private AovHarness _a = null!;
    private LoaderHarness H => _a.H;

    public async Task InitializeAsync() => _a = await AovHarness.StartAsync();
    public async Task DisposeAsync() => await _a.DisposeAsync();

    private Task<long> SaleAsync(string store, int card, decimal amount, DateTime soldAt, int second = 0) => SaleAsync(_a, store, card, amount, soldAt, second);

    private static async Task<long> SaleAsync(AovHarness a, string store, int card, decimal amount, DateTime soldAt, int second = 0) =>
        await a.H.InsertSaleAsync(store, LoaderHarness.Card(card), amount, soldAt, a.H.Base.AddSeconds(second));

    private Task UpdateAsync(long id, string set, int second) => UpdateAsync(_a, id, set, second);

    private static Task UpdateAsync(AovHarness a, long id, string set, int second) =>
        a.H.Db.ExecuteAsync($"UPDATE platform_sales SET {set}, updated_at = @u WHERE id = @id", ("@u", LoaderHarness.Text(a.H.Base.AddMinutes(1).AddSeconds(second))), ("@id", id));

    [Fact]
    public async Task TheDailyAovApiAnswersTheSeoulDaysAskedForFromWhatTheTransformWrote()
    {
        // Around both Seoul midnights of 2026-11-21: a UTC reading of the days would move these sales across them.
        await SaleAsync("S1", 1, 10m, AovHarness.Local(20, 23, 59), 1);
        await SaleAsync("S1", 2, 100m, AovHarness.Local(21, 0, 30), 2);
        await SaleAsync("S1", 3, 200m, AovHarness.Local(21, 23, 30), 3);
        await SaleAsync("S1", 4, 1000m, AovHarness.Local(22, 0, 1), 4);
        await _a.LoadAsync();
        await _a.CheckpointAsync();

        await using var api = await ApiTestServer.StartAsync(_a.Es.Url);
        var daily = JsonNode.Parse(await api.Client.GetStringAsync("api/stores/S1/aov/daily?from=2026-11-21&to=2026-11-21"))!;
        Assert.Equal("""[{"store_id":"S1","date":"2026-11-21","total_sale":300,"num_customer":2,"unit_price":150}]""", daily["items"]!.ToJsonString());

        var weekly = JsonNode.Parse(await api.Client.GetStringAsync("api/stores/S1/aov/weekly?from=2026-11-21&to=2026-11-21"))!;
        var week = Assert.Single(weekly["items"]!.AsArray())!;
        Assert.Equal(("2026-11-21", 310d, 3L), (week["date"]!.GetValue<string>(), week["total_sale"]!.GetValue<double>(), week["num_customer"]!.GetValue<long>()));
        Assert.Equal(310d / 3, week["week_aov"]!.GetValue<double>(), 9);
    }

    [Fact]
    public async Task TheFraudCheckComparesASaleWithTheWeeklyAovTheTransformsComputedForTheDayBefore()
    {
        // Seven days of one sale each (a card per day, 100 each) up to 2026-11-21: the window ending the 21st has AOV 100.
        for (var day = 15; day <= 21; day++) await SaleAsync("S1", day, 100m, AovHarness.Local(day, 0, 10), day);
        // A sale on the 22nd just after Seoul midnight that is in UTC still the 21st: 7 sales in the window, AOV 100.
        await _a.LoadAsync();
        await _a.CheckpointAsync();
        for (var i = 0; i < 3; i++) await SaleAsync("S1", 99, 250m, AovHarness.Local(22, 0, 5 + i), 30 + i);
        await _a.LoadAsync();

        var flagged = Assert.Single(_a.Es.DocumentsOf(IndexNames.FraudSales), d => d.Source["deleted"] is null);
        Assert.Equal(100d, flagged.Source["weekly_aov"]!.GetValue<double>());
    }

    [Fact]
    public Task DeletingMovingAndRepricingSalesCorrectsEveryAffectedDailyAndWeeklyRow() => DeleteMoveAndRepriceAsync(_a);

    [Fact]
    public async Task WithNoFraudRuleEnabledAMovedSaleStillLeavesItsOldDailyRow()
    {
        // The written version of a moved row (its old store and day) is looked up even when no rule needs the lookups.
        await using var a = await AovHarness.StartAsync(fraudRules: false);
        await DeleteMoveAndRepriceAsync(a);
    }

    /// <summary>
    /// Deletes, moves (store, day) and re-prices sales of several stores, one of them its store's only sale, and checks every
    /// daily row against MySQL and every weekly row against the daily figures, as interface.md defines them.
    /// </summary>
    private static async Task DeleteMoveAndRepriceAsync(AovHarness a)
    {
        var deleted = await SaleAsync(a, "S1", 1, 100m, AovHarness.Local(20, 12), 1);
        await SaleAsync(a, "S1", 2, 50m, AovHarness.Local(20, 13), 2);
        var movedStore = await SaleAsync(a, "S1", 3, 70m, AovHarness.Local(21, 12), 3);
        var movedDay = await SaleAsync(a, "S2", 4, 30m, AovHarness.Local(21, 13), 4);
        var repriced = await SaleAsync(a, "S2", 5, 40m, AovHarness.Local(22, 9), 5);
        var alone = await SaleAsync(a, "S3", 6, 90m, AovHarness.Local(22, 10), 6); // its store's only sale: the day empties
        await a.LoadAsync();
        await a.CheckpointAsync();
        Assert.Equal(await a.ExpectedDailyAsync(), a.DailyRows());

        await UpdateAsync(a, deleted, "deleted_at = NOW(6)", 1);
        await UpdateAsync(a, movedStore, "store_id = 'S2'", 2);
        await UpdateAsync(a, movedDay, $"sold_at = '{LoaderHarness.Text(AovHarness.Local(24, 8))}'", 3);
        await UpdateAsync(a, repriced, "amount_sale = 45", 4);
        await UpdateAsync(a, alone, "deleted_at = NOW(6)", 5);
        await a.LoadAsync();
        await a.CheckpointAsync();

        var expected = await a.ExpectedDailyAsync();
        var rows = a.DailyRows();
        foreach (var (key, row) in rows)
            Assert.True(expected.GetValueOrDefault(key) == row, $"daily {key}: {row} in the index, {expected.GetValueOrDefault(key)} in MySQL");
        foreach (var key in expected.Keys) Assert.Contains(key, rows.Keys);
        var weekly = a.WeeklyRows();
        Assert.NotEmpty(weekly);
        foreach (var (key, row) in weekly)
            Assert.True(AovHarness.Window(expected, key.Store, key.Day) == row, $"weekly {key}: {row} in the index, {AovHarness.Window(expected, key.Store, key.Day)} from MySQL");
        foreach (var (store, day) in expected.Keys) Assert.Contains((store, day.AddDays(3)), weekly.Keys);
    }

    [Fact]
    public async Task TheWeeklyTransformPicksUpADailyRowWrittenLongAfterItsSalesWereIngested()
    {
        var a = await SaleAsync("A", 1, 10m, AovHarness.Local(21, 12), 1);
        await _a.LoadAsync();                                               // t=0: A ingested
        _a.Clock.Advance(TimeSpan.FromSeconds(100));
        // t=100: a sale of store B arrives (written as the loader writes it; the pipeline stamps its ingested_at now).
        var es = TestClients.Elasticsearch(_a.Es.Url);
        var b = (JsonObject)H.Docs(IndexNames.Sales)[$"platform_sales-{a}"].Source.DeepClone();
        (b["sale_id"], b["source_key"], b["store_id"], b["amount_sale"]) = ("platform_sales-999", "999", "B", 20);
        b.Remove("ingested_at");
        await es.SendOrThrowAsync(HttpMethod.Put, $"{IndexNames.Sales}/_doc/platform_sales-999", b, default);
        await _a.RunAsync(IndexNames.DailyAov, TimeSpan.Zero);             // t=100: A's row (B is inside the delay)
        var daily = _a.TransformOf(IndexNames.DailyAov);
        await es.SendOrThrowAsync(HttpMethod.Post, $"_transform/{daily}/_stop", null, default); // a restart: B waits
        await _a.RunAsync(IndexNames.WeeklyAov, TimeSpan.FromSeconds(200)); // t=300: the weekly transform moves past A's row
        await es.SendOrThrowAsync(HttpMethod.Post, $"_transform/{daily}/_start", null, default);
        await _a.RunAsync(IndexNames.DailyAov, TimeSpan.FromSeconds(100));  // t=400: B's row, from a sale ingested at t=100
        await _a.RunAsync(IndexNames.WeeklyAov, TimeSpan.FromSeconds(300)); // t=700

        Assert.Contains(("B", new DateOnly(2026, 11, 21)), _a.DailyRows().Keys);
        Assert.Contains(("B", new DateOnly(2026, 11, 21)), _a.WeeklyRows().Keys);
    }

    [Fact]
    public async Task AnOlderWriteArrivingAfterGcDeletesCannotBringADeletedSaleOrFraudFlagBack()
    {
        var d = new DateOnly(2026, 11, 22);
        await H.PutWeeklyAovAsync("S1", 100, [d.AddDays(-1)]);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++) ids.Add(await SaleAsync("S1", 7, 250m, AovHarness.Local(22, 10 + i), i));
        await _a.LoadAsync();
        var flaggedId = $"platform_sales-{ids[2]}";
        var sale = H.Docs(IndexNames.Sales)[flaggedId];
        var fraud = H.Docs(IndexNames.FraudSales)[flaggedId];

        await UpdateAsync(ids[2], "deleted_at = NOW(6)", 1);
        await _a.LoadAsync();
        _a.Clock.Advance(TimeSpan.FromSeconds(61)); // past index.gc_deletes

        // A re-check computed from an earlier search writes the old versions again, as the loader writes them.
        var es = TestClients.Elasticsearch(_a.Es.Url);
        foreach (var (index, doc) in new[] { (IndexNames.Sales, sale), (IndexNames.FraudSales, fraud) })
        {
            var response = await es.SendAsync(HttpMethod.Put, $"{index}/_doc/{flaggedId}?version={doc.Version}&version_type=external_gte", doc.Source, default);
            Assert.Equal(HttpStatusCode.Conflict, response.Status);
        }
        Assert.All(new[] { IndexNames.Sales, IndexNames.FraudSales }, index =>
            Assert.True(H.Docs(index).GetValueOrDefault(flaggedId)?.Source["deleted"]?.GetValue<bool>() ?? true, $"{flaggedId} is live again in {index}"));
    }
}
