using System.Text.Json.Nodes;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.Planning;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Cli;

public sealed class PlanCommandTests : IAsyncLifetime
{
    private readonly FixtureTree _tree = FixtureTree.Copy();
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync()
    {
        Assert.Empty(_es.SchemaViolations);
        await _es.DisposeAsync();
        _tree.Dispose();
    }

    private Task<CliResult> RunAsync(params string[] args) =>
        CliRunner.RunAsync([.. args, "--root", _tree.Path, "--es-url", _es.Url.ToString()]);

    [Fact]
    public async Task PendingChangesExitTwoOnlyWithDetailedExitCode()
    {
        var detailed = await RunAsync("plan", "--detailed-exitcode");
        Assert.True(detailed.ExitCode == 2, detailed.ToString());
        Assert.Contains("+ transform platform_sales_per_price-v1", detailed.Out);
        Assert.Contains("plan: 13 to create, 0 to update, 0 to delete, 0 unchanged", detailed.Out);
        Assert.Equal(0, (await RunAsync("plan")).ExitCode);
    }

    [Fact]
    public async Task AfterApplyPlanExitsZeroAndAHandEditExitsTwoNamingIt()
    {
        Assert.Equal(0, (await RunAsync("apply", "--yes")).ExitCode);
        var clean = await RunAsync("plan", "--detailed-exitcode");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.DoesNotContain(clean.Out.Split('\n'), l => l.StartsWith('+') || l.StartsWith('~') || l.StartsWith('-'));

        var es = TestClients.Elasticsearch(_es.Url);
        var pipeline = (await es.SendOrThrowAsync(HttpMethod.Get, "_ingest/pipeline/platform-sales", null, default))!["platform-sales"]!.AsObject();
        pipeline["description"] = "edited in Kibana";
        // Elasticsearch 9 reports when a pipeline was created and changed, and refuses those system fields in a PUT.
        pipeline.Remove("created_date_millis");
        pipeline.Remove("modified_date_millis");
        await es.SendOrThrowAsync(HttpMethod.Put, "_ingest/pipeline/platform-sales", (JsonObject)pipeline.DeepClone(), default);

        var drift = await RunAsync("plan", "--detailed-exitcode");
        Assert.Equal(2, drift.ExitCode);
        Assert.Contains("~ ingest_pipeline platform-sales (description)", drift.Out);
    }

    [Fact]
    public async Task AHandEditOfAPipelineShowsTheLiveAndDesiredValuesInPlanAndInPlanJson()
    {
        Assert.Equal(0, (await RunAsync("apply", "--yes")).ExitCode);
        var es = TestClients.Elasticsearch(_es.Url);
        var pipeline = (await es.SendOrThrowAsync(HttpMethod.Get, "_ingest/pipeline/platform-sales", null, default))!["platform-sales"]!.AsObject();
        pipeline["description"] = "edited in Kibana";
        pipeline["processors"]![0]!["set"]!["value"] = "{{{_ingest.timestamp}}} (hand edit)";
        pipeline.Remove("created_date_millis"); // Elasticsearch 9's system fields: reported on GET, refused on PUT
        pipeline.Remove("modified_date_millis");
        await es.SendOrThrowAsync(HttpMethod.Put, "_ingest/pipeline/platform-sales", (JsonObject)pipeline.DeepClone(), default);

        var text = await RunAsync("plan", "--detailed-exitcode");
        Assert.Equal(2, text.ExitCode);
        var lines = text.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines.IndexOf("~ ingest_pipeline platform-sales (description, processors[0].set.value)");
        Assert.True(header >= 0, text.Out);
        Assert.Equal("    description: \"edited in Kibana\" → \"Stamps and normalizes every sale.\"", lines[header + 1]);
        Assert.Equal("    processors[0].set.value: \"{{{_ingest.timestamp}}} (hand edit)\" → \"{{{_ingest.timestamp}}}\"", lines[header + 2]);

        var json = await RunAsync("plan", "--json", "--detailed-exitcode");
        Assert.Equal(2, json.ExitCode);
        var document = JsonNode.Parse(json.Out)!.AsObject();
        Assert.Equal(1, (int)document["format_version"]!);
        Assert.True((bool)document["pending"]!);
        Assert.Equal(1, (int)document["summary"]!["update"]!);
        var change = document["changes"]!.AsArray().Single(c => (string)c!["action"]! == "update")!;
        Assert.Equal("elasticsearch", (string)change["section"]!);
        Assert.Equal("ingest_pipeline", (string)change["kind"]!);
        Assert.Equal("platform-sales", (string)change["name"]!);
        var description = change["values"]!.AsArray().Single(v => (string)v!["path"]! == "description")!;
        Assert.Equal("changed", (string)description["change"]!);
        Assert.Equal("edited in Kibana", (string)description["live"]!);
        Assert.Equal("Stamps and normalizes every sale.", (string)description["desired"]!);
    }

    [Fact]
    public async Task ADeletedTransformOfOursExitsTwoNamingIt()
    {
        Assert.Equal(0, (await RunAsync("apply", "--yes")).ExitCode);
        await TestClients.Elasticsearch(_es.Url).SendOrThrowAsync(HttpMethod.Delete, "_transform/platform_sales_week_per_price-v1?force=true", null, default);
        var result = await RunAsync("plan", "--detailed-exitcode");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("+ transform platform_sales_week_per_price-v1", result.Out);
    }

    [Fact]
    public async Task AnUnmanagedPipelineWithAnotherNameIsNeverListed()
    {
        Assert.Equal(0, (await RunAsync("apply", "--yes")).ExitCode);
        await TestClients.Elasticsearch(_es.Url).SendOrThrowAsync(HttpMethod.Put, "_ingest/pipeline/ops-geoip", JsonNode.Parse("""{"processors":[{"geoip":{"field":"ip"}}]}""")!.AsObject(), default);
        var result = await RunAsync("plan", "--detailed-exitcode");
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("ops-geoip", result.Out);
    }

    [Fact]
    public async Task AConflictIsAnErrorLineNamingTheObject()
    {
        await TestClients.Elasticsearch(_es.Url).SendOrThrowAsync(HttpMethod.Put, "_component_template/sales-fields", JsonNode.Parse("""{"template":{}}""")!.AsObject(), default);
        var result = await RunAsync("plan", "--detailed-exitcode");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("! component_template sales-fields — exists in Elasticsearch but is not managed by ingest-controlplane", result.Out);
        Assert.Contains("plan: ! component_template sales-fields", result.Err);
    }

    [Fact]
    public async Task AnUnmanagedTemplateWithTheSamePriorityAndAnOverlappingPatternIsAConflictThatApplyWouldHit()
    {
        var es = TestClients.Elasticsearch(_es.Url);
        await es.SendOrThrowAsync(HttpMethod.Put, "_index_template/legacy-platform", JsonNode.Parse("""{"index_patterns":["platform_*"],"priority":500}""")!.AsObject(), default);

        var result = await RunAsync("plan", "--detailed-exitcode");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("! index_template platform_sales — Elasticsearch would refuse it: index template [platform_sales] has index patterns [platform_sales-*] "
            + "matching patterns from existing templates [legacy-platform] with patterns (legacy-platform => [platform_*]) that have the same priority [500]", result.Out);
        Assert.Contains("! index_template platform_sales_per_price —", result.Out);
        Assert.Contains("plan: ! index_template platform_sales", result.Err);

        // The same template at another priority is no conflict: the cluster takes it.
        await es.SendOrThrowAsync(HttpMethod.Put, "_index_template/legacy-platform", JsonNode.Parse("""{"index_patterns":["platform_*"],"priority":100}""")!.AsObject(), default);
        Assert.Equal(0, (await RunAsync("apply", "--yes")).ExitCode);
    }

    [Fact]
    public async Task WithoutAnElasticsearchUrlPlanSaysWhatToSet()
    {
        var result = await CliRunner.RunAsync("plan", "--root", _tree.Path, "--es-url", " ");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ES_URL is not set", result.Err);
    }

    [Fact]
    public async Task AnOldClusterIsRefusedByVersion()
    {
        _es.Version = "8.11.0";
        var result = await RunAsync("plan");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Elasticsearch 8.11.0", result.Err);
        Assert.Contains("upgrade the cluster to 9.0", result.Err);
    }
}
