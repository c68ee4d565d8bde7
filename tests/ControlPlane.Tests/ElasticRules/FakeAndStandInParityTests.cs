using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Bench;
using ControlPlane.Elastic;
using ControlPlane.Fraud;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.Generation;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.ElasticRules;

/// <summary>
/// The tests' fake Elasticsearch and the bench's stand-in answer through one implementation of Elasticsearch's rules
/// (tests/ControlPlane.ElasticRules): given the same documents, the loader's real lookups must get the same hits from both.
/// </summary>
public sealed class FakeAndStandInParityTests : IAsyncLifetime
{
    private static readonly DateOnly D = new(2026, 11, 21);
    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
    private FakeElasticsearch _fake = null!;
    private SinkServer _sink = null!;
    private ElasticsearchGateway _toFake = null!, _toSink = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeElasticsearch.StartAsync();
        _sink = await SinkServer.StartAsync(0, CancellationToken.None);
        (_toFake, _toSink) = (TestClients.Elasticsearch(_fake.Url), TestClients.Elasticsearch(_sink.Url));
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task TheLoadersLookupsGetTheSameHitsFromTheFakeAndFromTheBenchStandIn()
    {
        await BothAsync(
            BenchSinkTests.Sale(1, "S1", "card-a", 50m, D.AddDays(-3)), BenchSinkTests.Sale(2, "S1", "card-a", 50m, D.AddDays(-1)),
            BenchSinkTests.Sale(3, "S1", "card-a", 70m, D.AddDays(-1)), BenchSinkTests.Sale(4, "S1", "card-b", 50m, D),
            BenchSinkTests.Sale(5, "S2", "card-a", 50m, D.AddDays(-9)), // the same payment, outside the window
            BenchSinkTests.Sale(6, "S2", "card-c", 12.5m, D, flagged: true), BenchSinkTests.Sale(7, "S2", "card-c", 12.5m, D.AddDays(-2), version: 3),
            BenchSinkTests.Sale(7, "S2", "card-c", 99m, D.AddDays(-2), version: 2), // stale: loses to version 3 on both
            BenchSinkTests.Sale(8, "S1", "card-a", 50m, D), Tombstone(8, version: 2), // a deleted sale: no card, no amount
            BenchSinkTests.Sale(9, "S1", "card-b", 50m, D.AddDays(-1)), Delete(9, version: 2),
            Flag(6, tombstone: false), Flag(7, tombstone: true));
        var payments = new[] { ("card-a", 50m), ("card-b", 50m), ("card-c", 12.5m), ("card-a", 70m) };
        string[] ids = ["platform_sales-3", "platform_sales-8", "platform_sales-9", "platform_sales-404"];

        var fromFake = await new FraudLookups(_toFake).SalesOfPaymentsAsync(payments, D.AddDays(-7), D, ids, default);
        var fromSink = await new FraudLookups(_toSink).SalesOfPaymentsAsync(payments, D.AddDays(-7), D, ids, default);

        Assert.Equal(["platform_sales-1", "platform_sales-2", "platform_sales-3", "platform_sales-4", "platform_sales-6", "platform_sales-7"],
            fromFake.Select(s => s.Candidate.SaleId));
        Assert.Equal(fromFake.Select(s => s.Candidate), fromSink.Select(s => s.Candidate));

        // The weekly rows the stand-in computed, indexed into the fake as the transform would write them: both answer the lookup alike.
        var rows = await _toSink.SearchAsync(IndexNames.WeeklyAov, new JsonObject { ["size"] = 1000, ["query"] = new JsonObject { ["match_all"] = new JsonObject() } }, "rows", default);
        var bulk = new StringBuilder();
        foreach (var hit in rows["hits"]!["hits"]!.AsArray())
            bulk.Append($$"""{"index":{"_index":"{{IndexNames.WeeklyAov}}","_id":"{{hit!["_id"]}}""").Append("\"}}\n").Append(hit["_source"]!.ToJsonString()).Append('\n');
        Assert.False((await _toFake.BulkAsync(Encoding.UTF8.GetBytes(bulk.ToString()), default)).Errors);
        (string, DateOnly)[] pairs = [("S1", D.AddDays(-1)), ("S1", D.AddDays(-3)), ("S1", D.AddDays(-4)), ("S2", D), ("S2", D.AddDays(-20)), ("S9", D)];

        var aovFake = await new FraudLookups(_toFake).WeeklyAovAsync(pairs, Seoul, default);
        var aovSink = await new FraudLookups(_toSink).WeeklyAovAsync(pairs, Seoul, default);

        Assert.Equal(3, aovFake.Count);
        Assert.Equal(aovFake.OrderBy(kv => kv.Key), aovSink.OrderBy(kv => kv.Key));

        // Which sales are flagged: an ids search on platform_sales_fraud that leaves tombstones out (docs/assets.md, "Deletes").
        var flagged = new JsonObject
        {
            ["size"] = 10, ["_source"] = false, ["sort"] = new JsonArray(new JsonObject { ["_id"] = "desc" }),
            ["query"] = new JsonObject
            {
                ["bool"] = new JsonObject
                {
                    ["filter"] = new JsonArray(new JsonObject { ["ids"] = new JsonObject { ["values"] = new JsonArray("platform_sales-6", "platform_sales-7", "platform_sales-404") } }),
                    ["must_not"] = new JsonArray(ControlPlane.Elastic.Tombstone.Match()),
                },
            },
        };
        Assert.Equal(["platform_sales-6"], await IdsAsync(_toFake, flagged));
        Assert.Equal(await IdsAsync(_toFake, flagged), await IdsAsync(_toSink, flagged));
    }

    [Fact]
    public async Task AQueryNeitherKnowsIsRefusedByBothWithTheSameError()
    {
        var body = new JsonObject { ["query"] = new JsonObject { ["match"] = new JsonObject { ["store_id"] = "S1" } } };

        var fake = await Assert.ThrowsAnyAsync<Exception>(() => _toFake.SearchAsync(IndexNames.Sales, (JsonObject)body.DeepClone(), "match", default));
        var sink = await Assert.ThrowsAnyAsync<Exception>(() => _toSink.SearchAsync(IndexNames.Sales, (JsonObject)body.DeepClone(), "match", default));

        Assert.Contains("400 parsing_exception): unknown query [match]", fake.Message);
        Assert.Contains("400 parsing_exception): unknown query [match]", sink.Message);
    }

    private async Task BothAsync(params string[] actions)
    {
        var ndjson = Encoding.UTF8.GetBytes(string.Concat(actions));
        await _toFake.BulkAsync(ndjson, default);
        await _toSink.BulkAsync(ndjson, default);
    }

    private static async Task<List<string>> IdsAsync(ElasticsearchGateway es, JsonObject body) =>
        (await es.SearchAsync(IndexNames.FraudSales, (JsonObject)body.DeepClone(), "flagged", default))["hits"]!["hits"]!.AsArray().Select(h => h!["_id"]!.ToString()).ToList();

    /// <summary>The loader's tombstone of a deleted sale (BulkBodyWriter; docs/assets.md, "Deletes"): no card, no amount.</summary>
    private static string Tombstone(long key, long version) =>
        $$$"""{"index":{"_index":"platform_sales","_id":"platform_sales-{{{key}}}","version":{{{version}}},"version_type":"external_gte"}}""" + "\n"
        + $$$"""{"sale_id":"platform_sales-{{{key}}}","store_id":"S1","sold_at":"{{{D:yyyy-MM-dd}}}T12:00:00.000+09:00","sold_date":"{{{D:yyyy-MM-dd}}}","deleted":true""" + "}\n";

    private static string Delete(long key, long version) =>
        $$$"""{"delete":{"_index":"platform_sales","_id":"platform_sales-{{{key}}}","version":{{{version}}},"version_type":"external_gte"}}""" + "\n";

    private static string Flag(long key, bool tombstone) =>
        $$$"""{"index":{"_index":"{{{IndexNames.FraudSales}}}","_id":"platform_sales-{{{key}}}","version":1,"version_type":"external_gte"}}""" + "\n"
        + (tombstone ? $$$"""{"sale_id":"platform_sales-{{{key}}}","deleted":true""" + "}\n" : $$$"""{"sale_id":"platform_sales-{{{key}}}","rule_id":"aov-spike-repeat""" + "\"}\n");
}
