using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Fraud;
using ControlPlane.Bench;
using ControlPlane.Loading;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace ControlPlane.Tests.Generation;

/// <summary>The bench's Elasticsearch stand-in, driven by the loader's own clients: it must answer them as Elasticsearch would.</summary>
public sealed class BenchSinkTests : IAsyncLifetime
{
    private static readonly DateOnly D = new(2026, 11, 21);
    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
    private SinkServer _sink = null!;
    private ElasticsearchGateway _es = null!;

    public async Task InitializeAsync()
    {
        _sink = await SinkServer.StartAsync(0, CancellationToken.None);
        _es = TestClients.Elasticsearch(_sink.Url);
    }

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    [Fact]
    public async Task WeeklyAovAndEarlierSalesAreComputedFromWhatWasIndexed()
    {
        await BulkAsync(
            Sale(1, "S1", "card-a", 100m, D.AddDays(-2)), Sale(2, "S1", "card-b", 300m, D.AddDays(-2)),
            Sale(3, "S1", "card-a", 50m, D.AddDays(-1)), Sale(4, "S1", "card-a", 50m, D.AddDays(-1)), // one card twice: one customer
            Sale(5, "S2", "card-c", 10m, D.AddDays(-1)));
        var lookups = new FraudLookups(_es);

        var aov = await lookups.WeeklyAovAsync([("S1", D.AddDays(-1)), ("S1", D.AddDays(-2)), ("S2", D.AddDays(-9))], Seoul, default);

        // interface.md: sum of the daily totals over D-6..D / sum of the daily distinct cards over D-6..D.
        Assert.Equal((400d + 100d) / (2 + 1), aov[("S1", D.AddDays(-1))], 9);
        Assert.Equal(400d / 2, aov[("S1", D.AddDays(-2))], 9);
        Assert.False(aov.ContainsKey(("S2", D.AddDays(-9)))); // no sale in its 7 days: no weekly row at all

        var earlier = (await lookups.SalesOfPaymentsAsync([("card-a", 50m)], D.AddDays(-1), D, [], default)).Select(s => s.Candidate).ToList();
        Assert.Equal(["platform_sales-3", "platform_sales-4"], earlier.Select(s => s.SaleId));
        var three = earlier[0];
        Assert.Equal(("S1", "card-a", 50.00m, D.AddDays(-1)), (three.StoreId, three.CardFingerprint, three.Amount, three.SoldDate));
        Assert.Equal(new DateTimeOffset(D.AddDays(-1).ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(9)), three.SoldAt);
    }

    [Fact]
    public async Task WritesFollowElasticsearchsVersionRulesAndDeletesLeaveTheLookups()
    {
        await BulkAsync(Sale(3, "S1", "card-a", 50m, D, version: 10), Sale(4, "S1", "card-a", 70m, D, version: 10));

        var stale = await _es.BulkAsync(Ndjson(Sale(3, "S1", "card-a", 999m, D, version: 9)), default);
        var deleted = await _es.BulkAsync(Ndjson(Delete(4, version: 11), Delete(99, version: 11)), default);

        Assert.Equal(409, Assert.Single(stale.Items).Status);
        Assert.Equal([200, 404], deleted.Items.Select(i => i.Status));
        var left = await new FraudLookups(_es).SalesOfPaymentsAsync([("card-a", 50m), ("card-a", 70m)], D, D, [], default);
        Assert.Equal(50.00m, Assert.Single(left).Candidate.Amount);
        var aov = await new FraudLookups(_es).WeeklyAovAsync([("S1", D)], Seoul, default);
        Assert.Equal(50d, aov[("S1", D)], 9);
    }

    [Fact]
    public async Task ATombstoneTakesASaleOutOfTheLookupsAndTheWeeklyAovAndIsCountedApart()
    {
        await BulkAsync(Sale(3, "S1", "card-a", 50m, D, version: 10), Sale(4, "S1", "card-a", 70m, D, version: 10));

        // The loader's tombstone of a deleted sale (BulkBodyWriter; docs/assets.md, "Deletes"): no card, no amount.
        await BulkAsync($$$"""{"index":{"_index":"platform_sales","_id":"platform_sales-4","version":11,"version_type":"external_gte"}}""" + "\n"
            + $$$"""{"sale_id":"platform_sales-4","store_id":"S1","sold_at":"{{{D:yyyy-MM-dd}}}T12:00:00.000+09:00","sold_date":"{{{D:yyyy-MM-dd}}}","updated_at":"2026-11-21T12:00:00.000000+09:00","deleted":true}""" + "\n");

        var left = await new FraudLookups(_es).SalesOfPaymentsAsync([("card-a", 50m), ("card-a", 70m)], D, D, ["platform_sales-4"], default);
        Assert.Equal(["platform_sales-3"], left.Select(s => s.Candidate.SaleId));
        var aov = await new FraudLookups(_es).WeeklyAovAsync([("S1", D)], Seoul, default);
        Assert.Equal(50d, aov[("S1", D)], 9);
        using var http = new HttpClient { BaseAddress = _sink.Url };
        var stats = (await http.GetFromJsonAsync<SinkStats>(SinkServer.StatsPath, SinkStats.Json))!;
        Assert.Equal((2L, 1L, 1L), (stats.Sales.Documents, stats.Sales.Tombstones, stats.Sales.LiveDocuments));
    }

    [Fact]
    public async Task FlaggedSalesAreFoundByIdAndTheStatsCountWhatArrived()
    {
        await BulkAsync(Sale(1, "S1", "card-a", 500m, D, flagged: true), Sale(1, "S1", "card-a", 500m, D, flagged: true),
            $$$"""{"index":{"_index":"{{{IndexNames.FraudSales}}}","_id":"platform_sales-1","version":1,"version_type":"external_gte"}}""" + "\n{}\n",
            // An un-flagged sale: its fraud document is a tombstone (docs/assets.md, "Deletes"), so it is not flagged.
            $$$"""{"index":{"_index":"{{{IndexNames.FraudSales}}}","_id":"platform_sales-5","version":2,"version_type":"external_gte"}}""" + "\n{\"sale_id\":\"platform_sales-5\",\"deleted\":true}\n",
            $$$"""{"index":{"_index":"{{{IndexNames.DeadLetter}}}","_id":"platform_sales-2-638000000000000000"}}""" + "\n{}\n");

        // The sales lookup carries fraud_flagged; platform_fraud_sales answers an ids search that leaves tombstones out.
        var sale = Assert.Single(await new FraudLookups(_es).SalesOfPaymentsAsync([], D, D, ["platform_sales-1"], default));
        var live = await _es.SearchAsync(IndexNames.FraudSales, new JsonObject
        {
            ["size"] = 10, ["track_total_hits"] = false, ["_source"] = false,
            ["query"] = new JsonObject
            {
                ["bool"] = new JsonObject
                {
                    ["filter"] = new JsonArray(new JsonObject { ["ids"] = new JsonObject { ["values"] = new JsonArray("platform_sales-1", "platform_sales-5", "platform_sales-6") } }),
                    ["must_not"] = new JsonArray(Tombstone.Match()),
                },
            },
        }, "flagged sales", default);

        Assert.True(sale.Candidate.Flagged);
        Assert.Equal(["platform_sales-1"], live["hits"]!["hits"]!.AsArray().Select(h => h!["_id"]!.ToString()));
        using var http = new HttpClient { BaseAddress = _sink.Url };
        var stats = (await http.GetFromJsonAsync<SinkStats>(SinkServer.StatsPath, SinkStats.Json))!;
        Assert.Equal((2L, 1L, 1L), (stats.Sales.IndexActions, stats.Sales.Documents, stats.Sales.Repeats));
        Assert.Equal((2L, 1L), (stats.FraudSales.Documents, stats.DeadLetters.Documents));
        Assert.Equal(1, stats.SearchesOf(IndexNames.FraudSales));
    }

    [Fact]
    public async Task AQueryOnAFieldTheStandInDoesNotKeepIsRefusedByNameInsteadOfAnsweredWrongly()
    {
        await BulkAsync(Sale(1, "S1", "card-a", 500m, D));
        var body = new JsonObject { ["query"] = new JsonObject { ["term"] = new JsonObject { ["platform"] = "shop" } } };

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _es.SearchAsync(IndexNames.Sales, body, "platform search", default));

        Assert.Contains("400 parsing_exception): the bench sink keeps no [platform] of [platform_sales-v1]", refused.Message);
    }

    [Fact]
    public async Task TheStateDocumentTakesOnlyConditionalWritesThatMatch()
    {
        var store = new LoaderStateStore(_es);
        Assert.Null(await store.GetAsync("platform_sales", default));

        var created = await store.TryCreateAsync(new LoaderState { Source = "platform_sales", LastRunStatus = "running" }, default);
        Assert.NotNull(created);
        Assert.Null(await store.TryCreateAsync(new LoaderState { Source = "platform_sales" }, default));
        Assert.NotNull(await store.TryReplaceAsync(new LoaderState { Source = "platform_sales", LastRunStatus = "succeeded" }, created.SeqNo, created.PrimaryTerm, default));
        Assert.Null(await store.TryReplaceAsync(new LoaderState { Source = "platform_sales", LastRunStatus = "failed" }, created.SeqNo, created.PrimaryTerm, default));

        Assert.Equal("succeeded", (await store.GetAsync("platform_sales", default))!.State.LastRunStatus);
    }

    [Fact]
    public async Task TheTransformTriggerFindsTheCurrentTransformsThroughTheAliases()
    {
        var scheduled = await new TransformTrigger(_es, NullLogger<TransformTrigger>.Instance).ScheduleNowAsync(default);

        Assert.Equal(["platform_sales_per_price-v1", "platform_sales_week_per_price-v1"], scheduled);
    }

    private async Task BulkAsync(params string[] actions)
    {
        var answer = await _es.BulkAsync(Ndjson(actions), default);
        Assert.False(answer.Errors);
    }

    private static ReadOnlyMemory<byte> Ndjson(params string[] actions) => Encoding.UTF8.GetBytes(string.Concat(actions));

    /// <summary>An index action and a sale document as the loader's BulkBodyWriter writes them, sold at noon in Seoul.</summary>
    internal static string Sale(long key, string store, string card, decimal amount, DateOnly day, long version = 1, bool flagged = false)
    {
        var c = CultureInfo.InvariantCulture;
        return $$$"""{"index":{"_index":"platform_sales","_id":"platform_sales-{{{key}}}","version":{{{version}}},"version_type":"external_gte"}}""" + "\n"
            + $$$"""{"sale_id":"platform_sales-{{{key}}}","source":"platform_sales","store_id":"{{{store}}}","card_fingerprint":"{{{card}}}","amount_sale":{{{amount.ToString("0.00", c)}}},"sold_at":"{{{day.ToString("yyyy-MM-dd", c)}}}T12:00:00.000+09:00","sold_date":"{{{day.ToString("yyyy-MM-dd", c)}}}","fraud_flagged":{{{(flagged ? "true" : "false")}}}""" + "}\n";
    }

    private static string Delete(long key, long version) =>
        $$$"""{"delete":{"_index":"platform_sales","_id":"platform_sales-{{{key}}}","version":{{{version}}},"version_type":"external_gte"}}""" + "\n";
}
