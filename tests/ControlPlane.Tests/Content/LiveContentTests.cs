using System.Globalization;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Content;

/// <summary>
/// The content on a real cluster (ES_URL): the pipeline's golden cases through <c>_simulate</c>, the templates'
/// strict mappings taking the documents the loader writes, and the two transforms' <c>_preview</c> computing daily
/// and weekly AOV as interface.md defines them. Everything runs in throwaway indices named cp-content-test-*; the
/// cluster's real templates, pipelines and transforms are not touched.
/// </summary>
[Trait("Category", "Live")]
public sealed class LiveContentTests
{
    private static readonly string Prefix = $"cp-content-test-{Guid.NewGuid():N}";

    [LiveFact]
    public async Task PipelineGoldenCasesHoldOnARealCluster()
    {
        await ControlPlane.Tests.Live.LiveStack.EnsureAsync();
        var es = LiveElasticsearch.Connect();
        var cases = RepositoryAssets.GoldenCases("platform-sales").Select(f => (File: Path.GetFileName(f), Golden: JsonNode.Parse(File.ReadAllText(f))!)).ToList();
        var body = new JsonObject
        {
            ["pipeline"] = RepositoryAssets.Pipeline("platform-sales").Asset.Body.DeepClone(),
            ["docs"] = new JsonArray(cases.Select(c => (JsonNode)new JsonObject { ["_source"] = c.Golden["input"]!.DeepClone() }).ToArray()),
        };

        var result = await es.SendOrThrowAsync(HttpMethod.Post, "_ingest/pipeline/_simulate", body, CancellationToken.None, "simulating platform-sales");

        var docs = result!["docs"]!.AsArray();
        Assert.Equal(cases.Count, docs.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            var source = docs[i]!["doc"]?["_source"]?.AsObject() ?? throw new InvalidOperationException($"{cases[i].File}: no document in {docs[i]}");
            Assert.True(DateTimeOffset.TryParse(source["ingested_at"]?.GetValue<string>(), CultureInfo.InvariantCulture, out _), $"{cases[i].File}: ingested_at not stamped");
            source.Remove("ingested_at");
            Assert.True(JsonNode.DeepEquals(cases[i].Golden["expected"], source), $"{cases[i].File}: expected\n{cases[i].Golden["expected"]}\nbut Elasticsearch gives\n{source}");
        }
    }

    [LiveFact]
    public async Task StrictMappingsTakeTheDocumentsTheLoaderWrites()
    {
        await ControlPlane.Tests.Live.LiveStack.EnsureAsync();
        var es = LiveElasticsearch.Connect();
        var ct = CancellationToken.None;
        var pipeline = $"{Prefix}-pipeline";
        var created = new List<string>();
        try
        {
            await es.SendOrThrowAsync(HttpMethod.Put, $"_ingest/pipeline/{pipeline}", RepositoryAssets.Pipeline("platform-sales").Asset.Body.DeepClone(), ct);
            var goldens = RepositoryAssets.GoldenCases("platform-sales").Select(f => JsonNode.Parse(File.ReadAllText(f))!["input"]!.AsObject()).ToList();
            var samples = new Dictionary<string, JsonObject[]>
            {
                [IndexNames.Sales] = goldens.Where(g => !g.ContainsKey("rule_id")).ToArray(),
                [IndexNames.FraudSales] = goldens.Where(g => g.ContainsKey("rule_id")).ToArray(),
                [IndexNames.DeadLetter] =
                [
                    new JsonObject
                    {
                        ["source"] = "platform_sales", ["source_key"] = "46", ["stage"] = "mapping",
                        ["reason"] = "card_number is not 12-19 digits",
                        ["raw"] = new JsonObject { ["id"] = 46, ["platform"] = "pos", ["amount_sale"] = null, ["card_masked"] = "********0000", ["sold_at"] = "2026-11-21 14:05:00.000000" },
                        ["failed_at"] = "2026-11-21T05:10:00.123456Z",
                    },
                ],
                [IndexNames.LoaderState] =
                [
                    new JsonObject
                    {
                        ["source"] = "platform_sales", ["watermark_updated_at"] = "2026-11-21T14:05:01.654321+09:00", ["watermark_id"] = "45",
                        ["lease_owner"] = "host-1/4242", ["lease_expires_at"] = "2026-11-21T05:20:00Z", ["last_run_started_at"] = "2026-11-21T05:10:00.001Z",
                        ["last_run_finished_at"] = "2026-11-21T05:10:04.5Z", ["last_run_status"] = "succeeded", ["last_error"] = null,
                        ["last_run_rows_read"] = 5, ["last_run_rows_indexed"] = 4, ["last_run_rows_deleted"] = 0, ["last_run_rows_deadlettered"] = 1,
                        ["last_run_rows_flagged"] = 1, ["total_rows_indexed"] = 4, ["total_rows_deadlettered"] = 1, ["total_rows_flagged"] = 1,
                        ["updated_at"] = "2026-11-21T05:10:04.5Z",
                    },
                ],
            };
            foreach (var (template, docs) in samples)
            {
                var index = $"{Prefix}-{template}";
                created.Add(index);
                var like = RepositoryAssets.Index(template);
                var usesPipeline = like.EffectiveSettings["index.default_pipeline"] is not null;
                await LiveElasticsearch.CreateIndexAsync(es, index, like, usesPipeline ? pipeline : null, ct);
                Assert.NotEmpty(docs);
                await LiveElasticsearch.IndexAsync(es, index, docs, ct);
            }
            var stamped = await es.SearchAsync($"{Prefix}-{IndexNames.Sales}", new JsonObject { ["query"] = new JsonObject { ["exists"] = new JsonObject { ["field"] = "ingested_at" } } }, "searching stamped sales", ct);
            Assert.Equal(samples[IndexNames.Sales].Length, stamped["hits"]!["total"]!["value"]!.GetValue<int>());
        }
        finally
        {
            foreach (var index in created) await LiveElasticsearch.DeleteQuietlyAsync(es, index);
            await LiveElasticsearch.DeleteQuietlyAsync(es, $"_ingest/pipeline/{pipeline}");
        }
    }

    [LiveFact]
    public async Task TransformsComputeDailyAndWeeklyAovByLocalDay()
    {
        await ControlPlane.Tests.Live.LiveStack.EnsureAsync();
        var es = LiveElasticsearch.Connect();
        var ct = CancellationToken.None;
        var (sales, daily, weekly) = ($"{Prefix}-sales", $"{Prefix}-daily", $"{Prefix}-weekly");
        try
        {
            await LiveElasticsearch.CreateIndexAsync(es, sales, RepositoryAssets.Index(IndexNames.Sales), null, ct);
            await LiveElasticsearch.IndexAsync(es, sales,
            [
                // 00:30 in Seoul is still the previous day in UTC: the local day must win.
                Sale("1", "S-1", "a", 100, "2026-11-01T00:30:00.000001+09:00"),
                Sale("2", "S-1", "a", 50, "2026-11-01T23:59:59.999999+09:00"),
                Sale("3", "S-1", "b", 30, "2026-11-01T12:00:00+09:00"),
                Sale("4", "S-1", "c", 60, "2026-11-02T09:00:00+09:00"),
                Sale("5", "S-1", "a", 40, "2026-11-08T09:00:00+09:00"),
                Sale("6", "S-2", "a", 10, "2026-11-01T09:00:00+09:00"),
            ], ct);

            var dailyRows = await PreviewAsync(es, IndexNames.DailyAov, sales, ct);

            var byDay = dailyRows.ToDictionary(r => $"{r["store_id"]} {LocalDay(r["date"]!)}");
            Assert.Equal(["S-1 2026-11-01", "S-1 2026-11-02", "S-1 2026-11-08", "S-2 2026-11-01"], byDay.Keys.Order());
            AssertRow(byDay["S-1 2026-11-01"], ("total_sale", 180), ("num_customer", 2), ("unit_price", 90));
            AssertRow(byDay["S-1 2026-11-02"], ("total_sale", 60), ("num_customer", 1), ("unit_price", 60));
            AssertRow(byDay["S-1 2026-11-08"], ("total_sale", 40), ("num_customer", 1), ("unit_price", 40));
            AssertRow(byDay["S-2 2026-11-01"], ("total_sale", 10), ("num_customer", 1), ("unit_price", 10));

            // The daily rows go into a strict daily index, as the transform would write them, and feed the weekly one.
            await LiveElasticsearch.CreateIndexAsync(es, daily, RepositoryAssets.Index(IndexNames.DailyAov), null, ct);
            await LiveElasticsearch.IndexAsync(es, daily, dailyRows, ct);

            var weeklyRows = await PreviewAsync(es, IndexNames.WeeklyAov, daily, ct);

            var byEnd = weeklyRows.ToDictionary(r => $"{r["store_id"]} {r["date"]}");
            Assert.Equal(21, byEnd.Count); // S-1: windows ending 11-01..11-14 (14), S-2: 11-01..11-07 (7)
            AssertRow(byEnd["S-1 2026-11-01"], ("total_sale", 180), ("num_customer", 2), ("days", 1), ("week_aov", 90));
            foreach (var day in Enumerable.Range(2, 6))
                AssertRow(byEnd[$"S-1 2026-11-{day:00}"], ("total_sale", 240), ("num_customer", 3), ("days", 2), ("week_aov", 80));
            AssertRow(byEnd["S-1 2026-11-08"], ("total_sale", 100), ("num_customer", 2), ("days", 2), ("week_aov", 50));
            AssertRow(byEnd["S-1 2026-11-14"], ("total_sale", 40), ("num_customer", 1), ("days", 1), ("week_aov", 40));
            Assert.DoesNotContain("S-1 2026-10-31", byEnd.Keys);
            Assert.DoesNotContain("S-1 2026-11-15", byEnd.Keys);
            AssertRow(byEnd["S-2 2026-11-07"], ("total_sale", 10), ("num_customer", 1), ("days", 1), ("week_aov", 10));

            await LiveElasticsearch.CreateIndexAsync(es, weekly, RepositoryAssets.Index(IndexNames.WeeklyAov), null, ct);
            await LiveElasticsearch.IndexAsync(es, weekly, weeklyRows, ct);
        }
        finally
        {
            foreach (var index in new[] { sales, daily, weekly }) await LiveElasticsearch.DeleteQuietlyAsync(es, index);
        }
    }

    private static JsonObject Sale(string key, string store, string card, decimal amount, string soldAt) => new()
    {
        ["sale_id"] = $"platform_sales-{key}", ["source"] = "platform_sales", ["source_key"] = key, ["platform"] = "pos", ["store_id"] = store,
        ["card_fingerprint"] = new string(card[0], 64), ["card_masked"] = "************0000", ["amount_sale"] = amount,
        ["sold_at"] = soldAt, ["sold_date"] = soldAt[..10], ["updated_at"] = soldAt, ["ingested_at"] = "2024-01-01T00:00:00.000000Z", // long before now, so no sync delay holds the sale back
        ["fraud_flagged"] = false,
    };

    /// <summary><c>_transform/_preview</c> of a transform asset with its source swapped for a test index.</summary>
    private static async Task<List<JsonObject>> PreviewAsync(ElasticsearchGateway es, string transform, string source, CancellationToken ct)
    {
        var body = (JsonObject)RepositoryAssets.Transform(transform).Asset.Body.DeepClone();
        body["source"]!["index"] = new JsonArray(source);
        var result = await es.SendOrThrowAsync(HttpMethod.Post, "_transform/_preview", body, ct, $"previewing {transform}");
        return result!["preview"]!.AsArray().Select(d => d!.AsObject()).ToList();
    }

    /// <summary>The local day (Asia/Seoul) of a daily row's date, which the transform writes as the UTC instant the day starts.</summary>
    private static string LocalDay(JsonNode date)
    {
        var instant = DateTimeOffset.Parse(date.GetValue<string>(), CultureInfo.InvariantCulture);
        return instant.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static void AssertRow(JsonObject row, params (string Field, double Value)[] expected)
    {
        foreach (var (field, value) in expected)
        {
            var actual = row[field]?.GetValue<double>() ?? throw new InvalidOperationException($"no {field} in {row}");
            Assert.True(Math.Abs(actual - value) < 1e-9, $"{field}: expected {value}, got {actual} in {row}");
        }
    }
}
