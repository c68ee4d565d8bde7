using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Http;
using ControlPlane.Planning;
using ControlPlane.Tests.Fakes;

namespace ControlPlane.Tests.Planning;

/// <summary>plan and apply against the fake cluster, on the fixture tree: what users rely on, end to end.</summary>
public sealed class ElasticsearchPlanTests : IAsyncLifetime
{
    private readonly FixtureTree _tree = FixtureTree.Copy();
    private FakeElasticsearch _es = null!;
    private Engine _engine = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearch.StartAsync();
        _engine = new Engine(_es);
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_es.SchemaViolations);
        await _es.DisposeAsync();
        _tree.Dispose();
    }

    private Task<ElasticsearchPlan> PlanAsync() => _engine.PlanAsync(_tree.Root);

    [Fact]
    public async Task AFreshApplyLeavesNoDriftAndASecondApplySendsNothing()
    {
        var first = await _engine.ApplyAsync(_tree.Root);
        Assert.All(first.Changes, c => Assert.Equal(ChangeAction.Create, c.Action));

        var second = await PlanAsync();
        Assert.Empty(Engine.Pending(second));
        Assert.Empty(second.Steps);
        Assert.Equal(first.Changes.Select(c => (c.Kind, c.Name)), second.Changes.Select(c => (c.Kind, c.Name)));
        Assert.Equal("started", _es.Transforms["platform_sales_per_price-v1"].State);
        Assert.Contains(_es.Aliases, a => a is { Name: "platform_sales", Index: "platform_sales-v1", IsWriteIndex: true });
        Assert.Contains(_es.Aliases, a => a is { Name: "platform_sales_per_price", Index: "platform_sales_per_price-v1", IsWriteIndex: false });
    }

    [Fact]
    public async Task TheSameHoldsAgainstElasticsearch9WithItsTrackingDates()
    {
        _es.Version = "9.1.0";
        await _engine.ApplyAsync(_tree.Root);
        Assert.NotNull(_es.Pipelines["platform-sales"]["created_date_millis"]);
        Assert.Empty(Engine.Pending(await PlanAsync()));
    }

    [Fact]
    public async Task AHandEditedPipelineShowsAsAnUpdateWithTheChangedPathAndApplyRevertsIt()
    {
        await _engine.ApplyAsync(_tree.Root);
        var edited = (await _engine.Client.SendOrThrowAsync(HttpMethod.Get, "_ingest/pipeline/platform-sales", null, default))!["platform-sales"]!.AsObject();
        edited["processors"]![1]!["lowercase"]!["field"] = "platform_name";
        // Elasticsearch 9 reports when a pipeline was created and changed, and refuses those system fields in a PUT.
        edited.Remove("created_date_millis");
        edited.Remove("modified_date_millis");
        await _engine.Client.SendOrThrowAsync(HttpMethod.Put, "_ingest/pipeline/platform-sales", (JsonObject)edited.DeepClone(), default);

        var plan = await PlanAsync();
        Assert.Equal(["~ ingest_pipeline platform-sales (processors[1].lowercase.field)"], Engine.Pending(plan));
        await _engine.ApplyAsync(_tree.Root);
        Assert.Equal("platform", _es.Pipelines["platform-sales"]["processors"]![1]!["lowercase"]!["field"]!.ToString());
        Assert.Empty(Engine.Pending(await PlanAsync()));
    }

    [Fact]
    public async Task ADeletedTransformIsPlannedAgainAndRecreatedIntoItsExistingDestination()
    {
        await _engine.ApplyAsync(_tree.Root);
        await _engine.Client.SendOrThrowAsync(HttpMethod.Delete, "_transform/platform_sales_per_price-v1?force=true", null, default);

        Assert.Equal(["+ transform platform_sales_per_price-v1"], Engine.Pending(await PlanAsync()));
        await _engine.ApplyAsync(_tree.Root);
        Assert.Equal("started", _es.Transforms["platform_sales_per_price-v1"].State);
        Assert.Empty(Engine.Pending(await PlanAsync()));
    }

    [Fact]
    public async Task ObjectsWeDoNotManageAreNeverListedNorTouched()
    {
        await _engine.Client.SendOrThrowAsync(HttpMethod.Put, "_ingest/pipeline/someone-elses", new JsonObject { ["processors"] = new JsonArray() }, default);
        await _engine.Client.SendOrThrowAsync(HttpMethod.Put, "_index_template/logs-custom", JsonNode.Parse("""{"index_patterns":["logs-custom-*"],"priority":300}""")!.AsObject(), default);
        await _engine.Client.SendOrThrowAsync(HttpMethod.Put, "unrelated-index", new JsonObject(), default);
        await _engine.ApplyAsync(_tree.Root);
        _tree.Delete("transforms/platform_sales_week_per_price.yml"); // a deletion plan must still leave them alone

        var plan = await PlanAsync();
        Assert.DoesNotContain(plan.Changes, c => c.Name is "someone-elses" or "logs-custom" or "unrelated-index");
        Assert.DoesNotContain(plan.Steps, s => s.Path.Contains("someone-elses") || s.Path.Contains("logs-custom") || s.Path.Contains("unrelated-index"));
        Assert.True(_es.Pipelines.ContainsKey("someone-elses"));
    }

    [Fact]
    public async Task AnAssetWhoseNameIsTakenByAnUnmanagedObjectIsAConflictAndNothingIsChanged()
    {
        await _engine.Client.SendOrThrowAsync(HttpMethod.Put, "_ingest/pipeline/platform-sales", JsonNode.Parse("""{"description":"hand made","processors":[]}""")!.AsObject(), default);
        var plan = await PlanAsync();
        var conflict = Assert.Single(plan.Conflicts);
        Assert.Equal("! ingest_pipeline platform-sales — exists in Elasticsearch but is not managed by ingest-controlplane (no _meta.managed_by); it is left alone: rename pipelines/platform-sales.yml or remove the object by hand", conflict.ToString());
        Assert.DoesNotContain(plan.Steps, s => s.Path == "_ingest/pipeline/platform-sales");
    }

    [Fact]
    public async Task AnIndexNamedLikeOurAliasIsAConflict()
    {
        await _engine.Client.SendOrThrowAsync(HttpMethod.Put, "platform_sales", new JsonObject(), default);
        var conflict = Assert.Single((await PlanAsync()).Conflicts);
        Assert.StartsWith("! index platform_sales-v1 — an index named 'platform_sales' exists", conflict.ToString());
    }

    [Fact]
    public async Task ChangingATransformsPivotWithoutAVersionBumpIsAConflictThatSaysBumpVersion()
    {
        await _engine.ApplyAsync(_tree.Root);
        _tree.Replace("transforms/platform_sales_per_price.yml", "total_sale: { sum: { field: amount_sale } }", "total_sale: { max: { field: amount_sale } }");
        var conflict = Assert.Single((await PlanAsync()).Conflicts);
        Assert.Equal(AssetKinds.Transform, conflict.Kind);
        Assert.Equal("platform_sales_per_price-v1", conflict.Name);
        Assert.Equal(["pivot.aggregations.total_sale.max", "pivot.aggregations.total_sale.sum"], conflict.ChangedPaths);
        Assert.Contains("bump version in transforms/platform_sales_per_price.yml", conflict.Note);
    }

    [Fact]
    public async Task AnUpdatableTransformChangeIsSentWithUpdate()
    {
        await _engine.ApplyAsync(_tree.Root);
        _tree.Replace("transforms/platform_sales_per_price.yml", "  frequency: 1m", "  frequency: 5m");
        var plan = await PlanAsync();
        var change = Assert.Single(plan.Changes, c => c.IsPending);
        Assert.Equal("~ transform platform_sales_per_price-v1 (frequency, _meta.content_hash)", change.ToString());
        var step = Assert.Single(plan.Steps);
        Assert.Equal("POST _transform/platform_sales_per_price-v1/_update", $"{step.Method} {step.Path}");
        Assert.Equal(["frequency", "_meta"], step.Body!.Select(kv => kv.Key));

        await _engine.Applier.ApplyAsync(plan.Steps, default);
        Assert.Equal("5m", _es.Transforms["platform_sales_per_price-v1"].Config["frequency"]!.ToString());
        Assert.Empty(Engine.Pending(await PlanAsync()));
    }

    [Fact]
    public async Task AVersionBumpCreatesTheNewTransformMovesTheAliasAndStopsTheOldOneForRollback()
    {
        await _engine.ApplyAsync(_tree.Root);
        _tree.Replace("transforms/platform_sales_per_price.yml", "version: 1", "version: 2");
        _tree.Replace("transforms/platform_sales_per_price.yml", "total_sale: { sum: { field: amount_sale } }", "total_sale: { max: { field: amount_sale } }");

        var plan = await PlanAsync();
        Assert.Equal(
        [
            "+ index platform_sales_per_price-v2 — alias platform_sales_per_price moves here from platform_sales_per_price-v1 (kept for rollback)",
            "+ transform platform_sales_per_price-v2 — replaces platform_sales_per_price-v1, which stop and are kept for rollback",
            "~ transform platform_sales_per_price-v1 (state: started → stopped) — older version: stops, kept for rollback (platform_sales_per_price is at v2)",
        ], Engine.Pending(plan));
        Assert.Equal(
        [
            "PUT platform_sales_per_price-v2",
            "PUT _transform/platform_sales_per_price-v2",
            "POST _transform/platform_sales_per_price-v2/_start",
            "POST _aliases",
            "POST _transform/platform_sales_per_price-v1/_stop",
        ], plan.Steps.Select(s => $"{s.Method} {s.Path}"));
        Assert.Null(plan.Steps[0].Body!["aliases"]);
        Assert.Equal(
            """{"actions":[{"remove":{"index":"platform_sales_per_price-v1","alias":"platform_sales_per_price"}},{"add":{"index":"platform_sales_per_price-v2","alias":"platform_sales_per_price"}}]}""",
            plan.Steps[3].Body!.ToJsonString());

        await _engine.Applier.ApplyAsync(plan.Steps, default);
        Assert.Equal("stopped", _es.Transforms["platform_sales_per_price-v1"].State);
        Assert.Equal("started", _es.Transforms["platform_sales_per_price-v2"].State);
        Assert.Equal(["platform_sales_per_price-v2"], _es.Aliases.Where(a => a.Name == "platform_sales_per_price").Select(a => a.Index));

        var after = await PlanAsync();
        Assert.Empty(Engine.Pending(after));
        Assert.Contains("= transform platform_sales_per_price-v1 — kept for rollback (platform_sales_per_price is at v2)", after.Changes.Select(c => c.ToString()));
        Assert.Contains("= index platform_sales_per_price-v1 — kept for rollback (platform_sales_per_price is at v2)", after.Changes.Select(c => c.ToString()));
    }

    [Fact]
    public async Task AnIndexVersionBumpMovesTheWriteAliasAtomically()
    {
        await _engine.ApplyAsync(_tree.Root);
        _tree.Replace("elastic-assets/indices/platform_sales.yml", "version: 1", "version: 2");
        await _engine.ApplyAsync(_tree.Root);
        Assert.Equal([("platform_sales-v2", true)], _es.Aliases.Where(a => a.Name == "platform_sales").Select(a => (a.Index, a.IsWriteIndex)));
        Assert.True(_es.Indices.ContainsKey("platform_sales-v1"));
        Assert.Empty(Engine.Pending(await PlanAsync()));
    }

    [Fact]
    public async Task OurObjectsThatLeftTheRepositoryAreDeletedTransformsFirst()
    {
        await _engine.ApplyAsync(_tree.Root);
        _tree.Delete("transforms/platform_sales_week_per_price.yml");
        _tree.Delete("elastic-assets/index-templates/platform_sales_week_per_price.yml");

        var plan = await PlanAsync();
        Assert.Equal(
        [
            "- transform platform_sales_week_per_price-v1 — its asset left transforms/",
            "- index platform_sales_week_per_price-v1 — its asset left the repository; its documents are deleted too",
            "- index_template platform_sales_week_per_price — its asset left the repository",
        ], Engine.Pending(plan));
        await _engine.Applier.ApplyAsync(plan.Steps, default);
        Assert.False(_es.Transforms.ContainsKey("platform_sales_week_per_price-v1"));
        Assert.False(_es.Indices.ContainsKey("platform_sales_week_per_price-v1"));
        Assert.False(_es.IndexTemplates.ContainsKey("platform_sales_week_per_price"));
        Assert.Empty(Engine.Pending(await PlanAsync()));
    }

    [Fact]
    public async Task ANewFieldInATemplateIsAddedToTheExistingIndexWithPutMapping()
    {
        await _engine.ApplyAsync(_tree.Root);
        _tree.Replace("elastic-assets/component-templates/sales-fields.yml", "        fraud_flagged: { type: boolean }\n", "        fraud_flagged: { type: boolean }\n        rule_id: { type: keyword }\n");

        var plan = await PlanAsync();
        Assert.Equal(
        [
            "~ component_template sales-fields (template.mappings.properties.rule_id, _meta.content_hash)",
            "~ index platform_sales-v1 (mappings.properties.rule_id)",
        ], Engine.Pending(plan));
        Assert.Contains(plan.Steps, s => s is { Method: "PUT", Path: "platform_sales-v1/_mapping" });
        await _engine.Applier.ApplyAsync(plan.Steps, default);
        Assert.Equal("keyword", _es.Indices["platform_sales-v1"].Mappings["properties"]!["rule_id"]!["type"]!.ToString());
        Assert.Empty(Engine.Pending(await PlanAsync()));
    }

    [Fact]
    public async Task AChangedFieldTypeOfAnExistingIndexNeedsAVersionBump()
    {
        await _engine.ApplyAsync(_tree.Root);
        _tree.Replace("elastic-assets/component-templates/sales-fields.yml", "store_id: { type: keyword }", "store_id: { type: text }");
        var conflict = Assert.Single((await PlanAsync()).Conflicts);
        Assert.Equal("! index platform_sales-v1 (mappings.properties.store_id.type) — mappings or static settings cannot change in place: bump version in elastic-assets/indices/platform_sales.yml (creates platform_sales-v2)", conflict.ToString());
    }

    [Fact]
    public async Task ADynamicSettingFromTheTemplateIsUpdatedOnTheIndexAndAStaticOneNeedsABump()
    {
        await _engine.ApplyAsync(_tree.Root);
        _tree.Replace("elastic-assets/component-templates/common-settings.yml", "      auto_expand_replicas: 0-1", "      auto_expand_replicas: 0-1\n      refresh_interval: 5s");
        var plan = await PlanAsync();
        Assert.Contains("~ index platform_sales-v1 (settings.index.refresh_interval)", Engine.Pending(plan));
        await _engine.Applier.ApplyAsync(plan.Steps, default);
        Assert.Empty(Engine.Pending(await PlanAsync()));

        _tree.Replace("elastic-assets/component-templates/common-settings.yml", "number_of_shards: 1", "number_of_shards: 2");
        Assert.Contains((await PlanAsync()).Conflicts, c => c.Name == "platform_sales-v1" && c.ChangedPaths.Contains("settings.index.number_of_shards"));
    }

    [Fact]
    public async Task AStoppedOrFailedContinuousTransformIsStartedAgain()
    {
        await _engine.ApplyAsync(_tree.Root);
        _es.Transforms["platform_sales_per_price-v1"].State = "failed";
        _es.Transforms["platform_sales_week_per_price-v1"].State = "stopped";
        var plan = await PlanAsync();
        Assert.Equal(
        [
            "~ transform platform_sales_per_price-v1 (state: failed → started)",
            "~ transform platform_sales_week_per_price-v1 (state: stopped → started)",
        ], Engine.Pending(plan));
        Assert.Equal(
        [
            "POST _transform/platform_sales_per_price-v1/_stop?force=true", "POST _transform/platform_sales_per_price-v1/_start",
            "POST _transform/platform_sales_week_per_price-v1/_start",
        ], plan.Steps.Select(s => $"{s.Method} {s.Path}"));
        await _engine.Applier.ApplyAsync(plan.Steps, default);
        Assert.Empty(Engine.Pending(await PlanAsync()));
    }

    [Fact]
    public async Task TooManyRequestsIsRetriedUntilApplySucceeds()
    {
        _es.FailNext("PUT", "_ingest/pipeline/platform-sales", 429, times: 2, type: "es_rejected_execution_exception", reason: "rejected execution");
        await _engine.ApplyAsync(_tree.Root);
        Assert.Equal(3, _es.CountRequests("PUT", "_ingest/pipeline/platform-sales"));
        Assert.True(_es.Pipelines.ContainsKey("platform-sales"));
    }

    [Fact]
    public async Task ARejectedBodyStopsApplyWithTheAssetAndElasticsearchsReason()
    {
        _es.FailNext("PUT", "_index_template/platform_sales", 400, type: "illegal_argument_exception", reason: "composable template [platform_sales] template after composition is invalid");
        var plan = await PlanAsync();
        var ex = await Assert.ThrowsAsync<RestException>(() => _engine.Applier.ApplyAsync(plan.Steps, default));
        Assert.Equal(400, ex.StatusCode);
        Assert.StartsWith("index_template platform_sales (elastic-assets/index-templates/platform_sales.yml): elasticsearch PUT /_index_template/platform_sales failed (400 illegal_argument_exception): composable template", ex.Message);
        Assert.False(_es.Pipelines.ContainsKey("platform-sales"), "apply stops at the first failure");
    }

    [Fact]
    public async Task ATransformCreatedByOthersInTheMeantimeIsReportedAsAConflictOfElasticsearch()
    {
        var plan = await PlanAsync();
        _es.FailNext("PUT", "_transform/platform_sales_per_price-v1", 409, type: "resource_already_exists_exception", reason: "Transform with id [platform_sales_per_price-v1] already exists");
        var ex = await Assert.ThrowsAsync<RestException>(() => _engine.Applier.ApplyAsync(plan.Steps, default));
        Assert.Equal("resource_already_exists_exception", ex.ErrorType);
        Assert.Contains("transform platform_sales_per_price-v1 (transforms/platform_sales_per_price.yml)", ex.Message);
    }

    [Fact]
    public async Task ADeleteOfSomethingAlreadyGoneIsNotAnError()
    {
        await _engine.ApplyAsync(_tree.Root);
        _tree.Delete("transforms/platform_sales_week_per_price.yml");
        _tree.Delete("elastic-assets/index-templates/platform_sales_week_per_price.yml");
        var plan = await PlanAsync();
        await _engine.Client.SendOrThrowAsync(HttpMethod.Delete, "_transform/platform_sales_week_per_price-v1?force=true", null, default);
        await _engine.Applier.ApplyAsync(plan.Steps, default);
        Assert.Empty(Engine.Pending(await PlanAsync()));
    }

    [Fact]
    public async Task AReadThatFailsNamesWhatWasBeingRead()
    {
        _es.FailNext("GET", "_index_template", 403, type: "security_exception", reason: "action [indices:admin/index_template/get] is unauthorized");
        var ex = await Assert.ThrowsAsync<RestException>(PlanAsync);
        Assert.StartsWith("reading index templates: elasticsearch GET /_index_template failed (403 security_exception)", ex.Message);
    }

    [Fact]
    public async Task ClustersOlderThan9AreRefusedBeforeAnythingIsRead()
    {
        _es.Version = "8.19.5";
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(PlanAsync);
        Assert.Contains("8.19.5", ex.Message);
        Assert.Equal(0, _es.CountRequests("GET", "_"));
    }
}
