using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Generation;
using ControlPlane.Loading;
using ControlPlane.Sources;
using ControlPlane.Tests.Cli;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.Generation;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Tests.EndToEnd;

/// <summary>
/// The repository as a user gets it: its real assets applied to an empty cluster (the fake), its real sources filled by
/// the generator on MariaDB, loaded by the loader, and the planted fraud found. What each area tests alone, joined.
/// </summary>
public sealed class RepositoryEndToEndTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;
    private string Root => RepositoryRoot.Path;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();
    public async Task DisposeAsync() => await _es.DisposeAsync();

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, "--root", Root, "--es-url", _es.Url.ToString()]);

    [Fact]
    public async Task TheRepositoryValidatesAndEveryRenderedBodyConformsToElasticsSchemas()
    {
        var validate = await CliRunner.RunAsync("validate", "--root", Root);
        Assert.True(validate.ExitCode == 0, validate.ToString());

        var output = Path.Combine(Path.GetTempPath(), $"cp-render-{Guid.NewGuid():N}");
        try
        {
            var render = await CliRunner.RunAsync("render", "--out", output, "--root", Root);
            Assert.True(render.ExitCode == 0, render.ToString());
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "manifest.json")))!.AsArray();
            Assert.Equal(Enumerable.Range(1, manifest.Count), manifest.Select(m => m!["order"]!.GetValue<int>()));
            var bodies = 0;
            foreach (var entry in manifest.Where(m => m!["file"] is not null))
            {
                var operation = OperationOf(entry!["method"]!.ToString(), entry["path"]!.ToString());
                var errors = ControlPlane.Assets.RequestSchemas.Validate(operation, File.ReadAllText(Path.Combine(output, entry["file"]!.ToString())));
                Assert.True(errors.Count == 0, $"{entry["file"]}: {string.Join("; ", errors)}");
                bodies++;
            }
            Assert.True(bodies >= 20, $"only {bodies} bodies rendered");
        }
        finally { if (Directory.Exists(output)) Directory.Delete(output, recursive: true); }
    }

    private static string OperationOf(string method, string path) => (method, path.Split('/')) switch
    {
        ("PUT", ["_component_template", _]) => ControlPlane.Assets.RequestSchemas.PutComponentTemplate,
        ("PUT", ["_index_template", _]) => ControlPlane.Assets.RequestSchemas.PutIndexTemplate,
        ("PUT", ["_ingest", "pipeline", _]) => ControlPlane.Assets.RequestSchemas.PutPipeline,
        ("PUT", ["_ilm", "policy", _]) => ControlPlane.Assets.RequestSchemas.PutLifecycle,
        ("PUT", ["_transform", _]) => ControlPlane.Assets.RequestSchemas.PutTransform,
        ("PUT", ["_security", "role", _]) => ControlPlane.Assets.RequestSchemas.PutRole,
        ("PUT", [_]) => ControlPlane.Assets.RequestSchemas.CreateIndex,
        _ => throw new InvalidOperationException($"render wrote a body for {method} {path}, which no schema covers"),
    };

    [Fact]
    public async Task ApplyOnAnEmptyClusterLeavesNoDriftAndHandEditsOfOursShowWhileOthersAreNeverTouched()
    {
        var apply = await Run("apply", "--yes");
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var plan = await Run("plan", "--detailed-exitcode");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("apply: nothing to do", (await Run("apply", "--yes")).Out);

        var es = TestClients.Elasticsearch(_es.Url);
        var pipeline = (await es.GetOrNullAsync("_ingest/pipeline/platform-sales", default))!["platform-sales"]!.AsObject();
        pipeline["description"] = "edited by hand";
        // Elasticsearch 9 reports when a pipeline was created and changed, and refuses those system fields in a PUT.
        pipeline.Remove("created_date_millis");
        pipeline.Remove("modified_date_millis");
        await es.SendOrThrowAsync(HttpMethod.Put, "_ingest/pipeline/platform-sales", pipeline.DeepClone(), default);
        await es.SendOrThrowAsync(HttpMethod.Put, "_ingest/pipeline/someone-elses", new JsonObject { ["processors"] = new JsonArray() }, default);
        await es.SendOrThrowAsync(HttpMethod.Post, "_transform/platform_sales_week_per_price-v2/_stop", null, default);
        await es.SendOrThrowAsync(HttpMethod.Delete, "_transform/platform_sales_week_per_price-v2", null, default);

        plan = await Run("plan", "--detailed-exitcode");
        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains("~ ingest_pipeline platform-sales (description)", plan.Out);
        Assert.Contains("+ transform platform_sales_week_per_price-v2", plan.Out);
        Assert.DoesNotContain("someone-elses", plan.Out);

        Assert.True((await Run("apply", "--yes")).ExitCode == 0);
        Assert.Equal(0, (await Run("plan", "--detailed-exitcode")).ExitCode);
        Assert.NotNull(await es.GetOrNullAsync("_ingest/pipeline/someone-elses", default));
        Assert.Empty(_es.SchemaViolations);
    }

    [Fact]
    public async Task GeneratedSalesLoadIntoTheAppliedIndicesAndThePlantedFraudIsFlaggedExactly()
    {
        Assert.Equal(0, (await Run("apply", "--yes")).ExitCode);
        await using var db = await MySqlTestDatabase.CreateAsync("e2e");
        var summary = await GenerationFixture.Generator().GenerateAsync(db.ConnectionString,
            GenerationFixture.Request(6000, days: 14, fraudRate: 0.004, badRate: 0.002, stores: 12), null, default);

        // The weekly AOV index is what the transforms would write; they run only when the loader asks after its run
        // (_schedule_now), too late for this first load's fraud check, so the test writes their output first, computed
        // in SQL from the good rows, exactly as interface.md defines it (a first load on a real cluster has no weekly AOV).
        await WriteWeeklyAovAsync(db);

        await using var services = Services(db);
        var loader = services.GetRequiredService<LoadService>();
        foreach (var source in SourceCatalog.Load(new(Root)))
        {
            source.ChangeCapture.Lag = "0s"; // the generator just wrote the rows
            source.ChangeCapture.PageRows = 500;
            var result = await loader.LoadAsync(source, null, default);
            Assert.True(result.Status == LoadStatus.Succeeded, result.Summary());
        }

        // Readers skip tombstones (deleted: true; a bad row gets one in case an earlier version of it was good): docs/assets.md, "Deletes".
        var sales = _es.DocumentsOf(IndexNames.Sales).Where(d => d.Source["deleted"]?.GetValue<bool>() != true).ToList();
        var bad = await GenerationFixture.CountAsync(db, "SELECT COUNT(*) FROM planted_bad_rows");
        Assert.Equal(summary.Rows - bad, sales.Count);
        Assert.Equal(bad, _es.DocumentsOf(IndexNames.DeadLetter).Count);
        Assert.Empty(_es.SchemaViolations);

        var planted = (await GenerationFixture.QueryAsync(db, "SELECT source, source_key FROM planted_fraud WHERE repeat_index >= 3"))
            .Select(r => $"{r[0]}-{r[1]}").Order().ToList();
        var flagged = _es.DocumentsOf(IndexNames.FraudSales).Where(d => d.Source["deleted"]?.GetValue<bool>() != true).Select(d => d.Id).Order().ToList();
        Assert.NotEmpty(planted);
        Assert.Equal(planted, flagged);
        Assert.All(sales.Where(s => flagged.Contains(s.Id)), s => Assert.True(s.Source["fraud_flagged"]!.GetValue<bool>()));
    }

    private ServiceProvider Services(MySqlTestDatabase db)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ES_URL"] = _es.Url.ToString(),
            ["MYSQL_CONNECTION"] = db.ConnectionString,
            ["CARD_HMAC_KEY"] = "end-to-end-key",
            ["CONTROLPLANE_ROOT"] = Root,
            ["Loader:StateFlushInterval"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddControlPlane(config);
        return services.BuildServiceProvider();
    }

    /// <summary>Weekly AOV of every store and window-end day: sum of daily totals / sum of daily distinct cards over D−6..D.</summary>
    private async Task WriteWeeklyAovAsync(MySqlTestDatabase db)
    {
        const string goodRows = """
            SELECT store_id, DATE(sold_at) AS d, SUM(amount_sale) AS total, COUNT(DISTINCT card_number) AS cards FROM platform_sales
             WHERE deleted_at IS NULL AND amount_sale IS NOT NULL AND card_number REGEXP '^[0-9]{12,19}$' GROUP BY store_id, DATE(sold_at)
            UNION ALL
            SELECT shop_code, DATE(ordered_at), SUM(total_amount), COUNT(DISTINCT card_no) FROM orders
             WHERE cancelled_at IS NULL AND total_amount IS NOT NULL AND card_no REGEXP '^[0-9]{12,19}$' GROUP BY shop_code, DATE(ordered_at)
            """;
        var daily = (await GenerationFixture.QueryAsync(db, goodRows))
            .Select(r => (Store: (string)r[0]!, Day: DateOnly.FromDateTime((DateTime)r[1]!), Total: Convert.ToDecimal(r[2]), Cards: Convert.ToInt64(r[3])))
            .ToList();
        var ndjson = new StringBuilder();
        foreach (var store in daily.GroupBy(d => d.Store))
        {
            foreach (var end in store.SelectMany(d => Enumerable.Range(0, 7).Select(i => d.Day.AddDays(i))).Distinct())
            {
                var window = store.Where(d => d.Day > end.AddDays(-7) && d.Day <= end).ToList();
                var total = window.Sum(d => d.Total);
                var cards = window.Sum(d => d.Cards);
                var doc = new JsonObject
                {
                    ["store_id"] = store.Key, ["date"] = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["week_aov"] = (double)(total / cards), ["total_sale"] = (double)total, ["num_customer"] = cards, ["days"] = window.Count,
                    ["last_ingested_at"] = "2026-01-01T00:00:00Z",
                };
                var action = new JsonObject { ["index"] = new JsonObject { ["_index"] = IndexNames.WeeklyAov, ["_id"] = $"{store.Key}-{end:yyyyMMdd}" } };
                ndjson.Append(action.ToJsonString()).Append('\n').Append(doc.ToJsonString()).Append('\n');
            }
        }
        var response = await TestClients.Elasticsearch(_es.Url).BulkAsync(Encoding.UTF8.GetBytes(ndjson.ToString()), default);
        Assert.False(response.Errors, string.Join("; ", response.Items.Where(i => !i.IsSuccess).Select(i => i.ErrorReason).Take(3)));
    }
}
