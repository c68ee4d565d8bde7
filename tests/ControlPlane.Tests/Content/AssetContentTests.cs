using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Elastic;
using ControlPlane.Sources;

namespace ControlPlane.Tests.Content;

/// <summary>
/// The Elasticsearch content the engine applies, read through the engine itself: every body apply would send conforms
/// to Elastic's strict request schema, the indices apply creates map exactly the fields of docs/design.md "Documents",
/// and the transforms write exactly the fields of interface.md into those mappings.
/// </summary>
public sealed class AssetContentTests
{
    private static readonly string[] AliasedIndices = [IndexNames.Sales, IndexNames.FraudSales, IndexNames.DeadLetter, IndexNames.LoaderState, IndexNames.Alerts];
    private static readonly string[] TransformOutputs = [IndexNames.DailyAov, IndexNames.WeeklyAov];
    private static readonly string[] ComponentTemplateNames =
        ["common-settings", "sales-fields", "fraud-fields", "aov-daily-fields", "aov-weekly-fields", "deadletter-fields", "loader-state-fields", "alert-fields"];
    private static readonly string[] ContentKinds =
        [AssetKinds.ComponentTemplate, AssetKinds.IndexTemplate, AssetKinds.Index, AssetKinds.IngestPipeline, AssetKinds.Transform];

    public static TheoryData<string> IndexTemplateNames() => new(DocumentFields.ByTemplate.Keys);

    // ---- files ------------------------------------------------------------------------------------------------

    [Fact]
    public void EveryAssetFileReadsCleanlyAndIsDescribed()
    {
        // The loader holds each file to its envelope: kind = its folder's, name = the file name, integer version ≥ 1, a body.
        var load = RepositoryAssets.Load;
        AssertNoProblems(load.Diagnostics.Select(d => d.ToString()).ToList());
        var problems = new List<string>();
        foreach (var kind in ContentKinds)
        {
            var assets = load.Assets.Of(kind);
            Assert.True(assets.Count > 0, $"no {kind} assets in {RepositoryAssets.Root.Relative(AssetKinds.Folder(RepositoryAssets.Root, kind))}/");
            problems.AddRange(assets.Where(a => string.IsNullOrWhiteSpace(a.Description)).Select(a => $"{a.File}: no description"));
        }
        AssertNoProblems(problems);
    }

    [Fact]
    public void TheSharedComponentTemplatesAllExist()
    {
        Assert.Equal(ComponentTemplateNames.Order(), RepositoryAssets.Assets.Of(AssetKinds.ComponentTemplate).Select(c => c.Name).Order());
    }

    [Fact]
    public void EveryBodyApplySendsConformsToElasticsStrictRequestSchema()
    {
        var requests = RepositoryAssets.Desired.EmptyClusterRequests().Where(r => r.Body is not null).ToList();
        var problems = new List<string>();
        foreach (var request in requests)
        {
            Assert.NotNull(request.Operation);
            var errors = RequestSchemas.Validate(request.Operation, request.Body!.ToJsonString());
            problems.AddRange(errors.Select(e => $"{request.What} ({request.Operation}): {e}"));
        }
        AssertNoProblems(problems);
        // Not vacuous: every asset's body was among the requests checked.
        foreach (var kind in ContentKinds)
            Assert.Contains(requests, r => r.Kind == kind);
        Assert.Equal(RepositoryAssets.Assets.All.Count() + TransformOutputs.Length, requests.Count);
    }

    [Fact]
    public void IndicesExistForTheAliasedNamesAndEachGetsTheTemplateNamedLikeIt()
    {
        Assert.Equal(AliasedIndices.Order(), RepositoryAssets.Desired.Indices.Select(i => i.Alias).Order());
        Assert.Equal(TransformOutputs.Order(), RepositoryAssets.Desired.Transforms.Select(t => t.Dest.Alias).Order());
        foreach (var index in RepositoryAssets.Desired.AllIndices)
        {
            var templates = RepositoryAssets.Assets.IndexTemplatesFor(index.Name).Select(t => t.Name).ToList();
            Assert.True(templates.Count == 1, $"{index.Name} should match exactly one index template, matches [{string.Join(", ", templates)}]");
            Assert.Equal(index.Alias, index.Template.IndexTemplate);
        }
    }

    // ---- index templates ----------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(IndexTemplateNames))]
    public void IndexMapsExactlyTheDesignedFieldsWithTheirTypes(string template)
    {
        var mappings = RepositoryAssets.Index(template).EffectiveMappings;
        var expected = DocumentFields.ByTemplate[template];
        var problems = new List<string>();
        foreach (var field in expected)
        {
            var mapping = mappings.Field(field.Path);
            if (mapping is null) { problems.Add($"{field.Path}: not mapped"); continue; }
            var type = MappedFields.TypeOf(mapping);
            if (type != field.Type) problems.Add($"{field.Path}: type '{type}', expected '{field.Type}'");
            if (field.Format is not null && mapping["format"]?.GetValue<string>() != field.Format)
                problems.Add($"{field.Path}: format '{mapping["format"]}', expected '{field.Format}'");
        }
        var extra = mappings.FieldPaths().Except(expected.Select(f => f.Path));
        problems.AddRange(extra.Select(p => $"{p}: mapped but not in docs/design.md"));
        Assert.True(problems.Count == 0, $"index {template}:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(IndexTemplateNames))]
    public void IndexIsStrictSingleShardAndItsTemplateAboveTheBuiltInOnes(string template)
    {
        var index = RepositoryAssets.Index(template);
        Assert.Equal("strict", index.EffectiveMappings["dynamic"]?.GetValue<string>());
        Assert.Equal("1", Setting(index, "number_of_shards"));
        Assert.Equal("0-1", Setting(index, "auto_expand_replicas"));
        Assert.Null(Setting(index, "number_of_replicas")); // auto_expand_replicas decides; a fixed count would be ignored
        var asset = RepositoryAssets.Asset(AssetKinds.IndexTemplate, template);
        Assert.True(ElasticAssets.Priority(asset) > 100, $"{template}: priority must be above the built-in templates' 100");
        Assert.Equal([$"{template}-*"], ElasticAssets.Patterns(asset));
        Assert.Null(asset.Body["data_stream"]); // aliased, versioned indices: documents are updated in place by _id
    }

    [Fact]
    public void OnlyTheSaleIndicesRunTheSalesPipelineAndThatPipelineExists()
    {
        var pipelines = RepositoryAssets.Assets.Of(AssetKinds.IngestPipeline).Select(p => p.Name).ToHashSet();
        foreach (var template in DocumentFields.ByTemplate.Keys)
        {
            var pipeline = Setting(RepositoryAssets.Index(template), "default_pipeline");
            if (template is IndexNames.Sales or IndexNames.FraudSales)
            {
                Assert.Equal("platform-sales", pipeline);
                Assert.Contains("platform-sales", pipelines);
            }
            else
            {
                // The pipeline adds ingested_at: on a strict transform destination or the state index that would reject every write.
                Assert.True(pipeline is null, $"{template} must not run a default pipeline, runs '{pipeline}'");
            }
        }
    }

    [Fact]
    public void DeadLetterKeepsTheRawRowUnindexedAndTheReasonSearchable()
    {
        var deadLetter = RepositoryAssets.Index(IndexNames.DeadLetter).EffectiveMappings;
        Assert.False(deadLetter.Field("raw")!["enabled"]!.GetValue<bool>());
        Assert.Equal("keyword", deadLetter.Field("reason")!["fields"]?["keyword"]?["type"]?.GetValue<string>());
        Assert.Equal(100L, RepositoryAssets.Index(IndexNames.Sales).EffectiveMappings.Field("amount_sale")!["scaling_factor"]!.GetValue<long>());
    }

    // ---- transforms ----------------------------------------------------------------------------------------------

    [Fact]
    public void DailyTransformWritesTheInterfaceFieldsPerStoreAndLocalDay()
    {
        var transform = RepositoryAssets.Transform(IndexNames.DailyAov);
        var body = transform.Body;
        Assert.Equal(["store_id", "date", "total_sale", "num_customer", "unit_price", "last_ingested_at"], OutputFields(body));
        var pivot = body["pivot"]!;
        Assert.Equal("store_id", pivot["group_by"]!["store_id"]!["terms"]!["field"]!.GetValue<string>());
        var date = pivot["group_by"]!["date"]!["date_histogram"]!;
        Assert.Equal("sold_at", date["field"]!.GetValue<string>());
        Assert.Equal("1d", date["calendar_interval"]!.GetValue<string>());
        Assert.Equal("Asia/Seoul", date["time_zone"]!.GetValue<string>());
        var aggs = pivot["aggregations"]!;
        Assert.Equal("amount_sale", aggs["total_sale"]!["sum"]!["field"]!.GetValue<string>());
        Assert.Equal("card_fingerprint", aggs["num_customer"]!["cardinality"]!["field"]!.GetValue<string>());
        Assert.Equal(40000L, aggs["num_customer"]!["cardinality"]!["precision_threshold"]!.GetValue<long>());
        Assert.Equal("ingested_at", aggs["last_ingested_at"]!["max"]!["field"]!.GetValue<string>());
        AssertGuardedRatio(aggs["unit_price"]!, "total_sale", "num_customer");
        Assert.Equal([IndexNames.Sales], ElasticAssets.TransformSources(transform.Asset));
        Assert.Equal("ingested_at", body["sync"]!["time"]!["field"]!.GetValue<string>());
        Assert.Equal("60s", body["sync"]!["time"]!["delay"]!.GetValue<string>());
        Assert.Equal("1m", body["frequency"]!.GetValue<string>());
    }

    [Fact]
    public void KibanaShowsDaysInTheZoneTheSourcesAndTheTransformsUse()
    {
        // Kibana's dateFormat:tz is the zone of every date it shows and of its date histograms (space-wide, no per-data-view
        // zone): equal to the transforms' time_zone, a daily row keyed at local midnight is shown and bucketed as its own day.
        var zone = ControlPlane.Kibana.AdvancedSettings.Load(RepositoryAssets.Root).Values["dateFormat:tz"].GetValue<string>();
        var daily = RepositoryAssets.Transform(IndexNames.DailyAov).Body["pivot"]!["group_by"]!["date"]!["date_histogram"]!["time_zone"]!.GetValue<string>();
        var weekly = RepositoryAssets.Transform(IndexNames.WeeklyAov).Body["pivot"]!["group_by"]!["date"]!["terms"]!["script"]!["params"]!["time_zone"]!.GetValue<string>();
        Assert.Equal((daily, daily), (zone, weekly));
        Assert.All(ControlPlane.Sources.SourceCatalog.Load(RepositoryAssets.Root), source => Assert.Equal(zone, source.TimeZone));
    }

    [Fact]
    public void EveryChartOverSalesOrFlaggedSalesLeavesTombstonesOut()
    {
        // Tombstones (deleted: true, docs/assets.md "Deletes") are documents of platform_sales and platform_fraud_sales;
        // a chart counting them would count deleted, moved-away and un-flagged sales.
        var lenses = ControlPlane.Kibana.SavedObjectFiles.Read(RepositoryAssets.Root).Objects.Where(o => o.Type == "lens"
            && (o.Json["references"] as JsonArray ?? []).Any(r => r!["id"]!.ToString() is IndexNames.Sales or IndexNames.FraudSales)).ToList();
        Assert.NotEmpty(lenses);
        Assert.All(lenses, o => Assert.Equal("NOT deleted:true", o.Json["attributes"]!["state"]!["query"]!["query"]!.ToString()));
    }

    [Fact]
    public void EveryDataViewTimeFieldAndChartFieldIsMappedInTheIndexItTargets()
    {
        // A Lens column on a field the index does not map shows "field not found" in Kibana instead of a chart.
        var objects = ControlPlane.Kibana.SavedObjectFiles.Read(RepositoryAssets.Root).Objects;
        var problems = new List<string>();
        foreach (var view in objects.Where(o => o.Type == "index-pattern"))
        {
            var mappings = RepositoryAssets.Index(view.Title!).EffectiveMappings;
            var time = view.Json["attributes"]!["timeFieldName"]!.ToString();
            if (mappings.Field(time)?["type"]?.GetValue<string>() != "date") problems.Add($"data view {view.Id}: time field '{time}' is not a date in {view.Title}");
        }
        foreach (var lens in objects.Where(o => o.Type == "lens"))
            foreach (var (layerId, layer) in lens.Json["attributes"]!["state"]!["datasourceStates"]!["formBased"]!["layers"]!.AsObject())
            {
                var target = lens.References.Single(r => r.Name == $"indexpattern-datasource-layer-{layerId}").Id;
                var mappings = RepositoryAssets.Index(objects.Single(o => o.Type == "index-pattern" && o.Id == target).Title!).EffectiveMappings;
                foreach (var (_, column) in layer!["columns"]!.AsObject())
                    if (column!["sourceField"]?.ToString() is { } field && field != "___records___" && mappings.Field(field) is null)
                        problems.Add($"lens {lens.Id}: column on '{field}', which {target} does not map");
            }
        AssertNoProblems(problems);
    }

    [Fact]
    public void WeeklyTransformSumsTheDailyRowsOfEachSevenDayWindow()
    {
        var transform = RepositoryAssets.Transform(IndexNames.WeeklyAov);
        var body = transform.Body;
        Assert.Equal(["store_id", "date", "total_sale", "num_customer", "days", "week_aov", "last_ingested_at"], OutputFields(body));
        var pivot = body["pivot"]!;
        var script = pivot["group_by"]!["date"]!["terms"]!["script"]!;
        Assert.Null(pivot["group_by"]!["date"]!["terms"]!["field"]);
        Assert.Equal("painless", script["lang"]!.GetValue<string>());
        Assert.Equal(7L, script["params"]!["window_days"]!.GetValue<long>());
        // The script turns the daily key back into a local day: it must use the daily transform's zone.
        var dailyZone = RepositoryAssets.Transform(IndexNames.DailyAov).Body["pivot"]!["group_by"]!["date"]!["date_histogram"]!["time_zone"]!.GetValue<string>();
        Assert.Equal(dailyZone, script["params"]!["time_zone"]!.GetValue<string>());
        Assert.Contains("params.time_zone", script["source"]!.GetValue<string>());
        Assert.Contains("params.window_days", script["source"]!.GetValue<string>());
        var aggs = pivot["aggregations"]!;
        Assert.Equal("total_sale", aggs["total_sale"]!["sum"]!["field"]!.GetValue<string>());
        Assert.Equal("num_customer", aggs["num_customer"]!["sum"]!["field"]!.GetValue<string>());
        Assert.Equal("unit_price", aggs["days"]!["value_count"]!["field"]!.GetValue<string>()); // days with sales
        Assert.Equal("last_ingested_at", aggs["last_ingested_at"]!["max"]!["field"]!.GetValue<string>());
        AssertGuardedRatio(aggs["week_aov"]!, "total_sale", "num_customer");
        Assert.Equal([IndexNames.DailyAov], ElasticAssets.TransformSources(transform.Asset));
        Assert.Equal("aov_written_at", body["sync"]!["time"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public void TransformsWriteExactlyTheFieldsTheirStrictDestinationMaps()
    {
        foreach (var transform in RepositoryAssets.Desired.Transforms)
        {
            Assert.Equal(transform.Dest.Name, transform.Body["dest"]?["index"]?.GetValue<string>());
            // A destination pipeline adds what it stamps (the daily transform's aov_written_at).
            var written = OutputFields(transform.Body).Concat(transform.Body["dest"]?["pipeline"] is null ? [] : ["aov_written_at"]).Order();
            var mapped = transform.Dest.EffectiveMappings.FieldPaths().Order();
            Assert.True(written.SequenceEqual(mapped),
                $"{transform.Asset.File} writes [{string.Join(", ", written)}] but {transform.Dest.Name} maps [{string.Join(", ", mapped)}]");
        }
    }

    [Fact]
    public void TransformsReadOnlyFieldsTheirSourceMapsAndSyncOnADate()
    {
        var problems = new List<string>();
        foreach (var transform in RepositoryAssets.Desired.Transforms)
        {
            var body = transform.Body;
            var source = RepositoryAssets.Index(ElasticAssets.TransformSources(transform.Asset).Single());
            var fields = body["pivot"]!["group_by"]!.AsObject().Select(g => g.Value!.AsObject().Single().Value!["field"])
                .Concat(body["pivot"]!["aggregations"]!.AsObject().Select(a => a.Value!.AsObject().Single().Value!["field"]))
                .OfType<JsonValue>().Select(v => v.GetValue<string>()).ToList();
            problems.AddRange(fields.Where(f => source.EffectiveMappings.Field(f) is null)
                .Select(f => $"{transform.Asset.File}: reads '{f}', not mapped in {source.Name}"));
            var sync = body["sync"]!["time"]!["field"]!.GetValue<string>();
            if (source.EffectiveMappings.Field(sync) is not { } syncField || MappedFields.TypeOf(syncField) != "date")
                problems.Add($"{transform.Asset.File}: sync field '{sync}' is not a date of {source.Name}");
            if (transform.Asset.Body["dest"]?["index"] is not null) problems.Add($"{transform.Asset.File}: dest.index is filled in by the control plane, leave it out");
        }
        AssertNoProblems(problems);
    }

    [Fact]
    public void TheWeeklyTransformReadsTheDailyOneAndSyncsLaterThanIt()
    {
        var daily = RepositoryAssets.Transform(IndexNames.DailyAov);
        var weekly = RepositoryAssets.Transform(IndexNames.WeeklyAov);
        // The weekly transform syncs on when a daily row was written, stamped by the daily transform's dest pipeline.
        Assert.Equal("aov_written_at", weekly.Body["sync"]!["time"]!["field"]!.GetValue<string>());
        Assert.Equal("aov-daily-written", daily.Body["dest"]!["pipeline"]!.GetValue<string>());
        Assert.True(Delay(weekly.Body) > TimeSpan.Zero);
        Assert.Equal(IndexNames.DailyAov, ElasticAssets.TransformSources(weekly.Asset).Single());
        // Apply creates the daily transform (and its destination) first.
        Assert.Equal([IndexNames.DailyAov, IndexNames.WeeklyAov], RepositoryAssets.Desired.Transforms.Select(t => t.Alias));
    }

    // ---- pipeline --------------------------------------------------------------------------------------------------

    [Fact]
    public void EveryPipelineProcessorIsTaggedUniquely()
    {
        foreach (var pipeline in RepositoryAssets.Desired.Objects.Where(o => o.Kind == AssetKinds.IngestPipeline))
        {
            var processors = Processors(pipeline.Body, "processors").Concat(Processors(pipeline.Body, "on_failure")).ToList();
            var tags = processors.Select(p => p.Options["tag"]?.GetValue<string>()).ToList();
            Assert.DoesNotContain(null, tags);
            Assert.Equal(tags.Count, tags.Distinct().Count());
            Assert.NotNull(pipeline.Body["description"]);
        }
    }

    [Fact]
    public void SalesPipelineStampsIngestedAtFirstAndRecordsFailuresOnTheDocument()
    {
        var body = RepositoryAssets.Pipeline("platform-sales").Body;
        var first = Processors(body, "processors").First();
        Assert.Equal("set", first.Type);
        Assert.Equal("ingested_at", first.Options["field"]!.GetValue<string>());
        Assert.Equal("{{{_ingest.timestamp}}}", first.Options["value"]!.GetValue<string>());
        var onFailure = Processors(body, "on_failure").ToDictionary(p => p.Options["field"]!.GetValue<string>(), p => p.Options["value"]!.GetValue<string>());
        Assert.Equal("{{{ _ingest.on_failure_processor_tag }}}", onFailure["ingest_error.processor"]);
        Assert.Contains("_ingest.on_failure_message", onFailure["ingest_error.message"]);
    }

    [Fact]
    public void SalesPipelineGoldenCasesExistAndExpectOnlyMappedFields()
    {
        var cases = RepositoryAssets.GoldenCases("platform-sales");
        Assert.True(cases.Count >= 3, "pipelines/tests/platform-sales/ should hold the golden cases");
        var sales = RepositoryAssets.Index(IndexNames.Sales);
        var fraud = RepositoryAssets.Index(IndexNames.FraudSales);
        var problems = new List<string>();
        foreach (var file in cases)
        {
            var name = Path.GetFileName(file);
            if (!System.Text.RegularExpressions.Regex.IsMatch(name, @"^\d{2}-[a-z0-9-]+\.json$")) problems.Add($"{name}: name is not NN-name.json");
            var golden = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            if (golden["input"] is not JsonObject || golden["expected"] is not JsonObject expected) { problems.Add($"{name}: needs input and expected objects"); continue; }
            if (expected.ContainsKey("ingested_at")) problems.Add($"{name}: expected must leave out ingested_at (it is the ingest time)");
            var paths = LeafPaths(expected).ToList();
            // A sale must fit platform_sales; a flagged sale (rule fields) must fit platform_fraud_sales.
            var target = paths.All(p => sales.EffectiveMappings.Field(p) is not null) ? sales : fraud;
            problems.AddRange(paths.Where(p => target.EffectiveMappings.Field(p) is null).Select(p => $"{name}: expected field '{p}' is not mapped in {target.Name}"));
        }
        AssertNoProblems(problems);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static void AssertNoProblems(List<string> problems) => Assert.True(problems.Count == 0, string.Join("\n", problems));

    /// <summary>An index setting as the index gets it (flat <c>index.</c> key, text value), or null when nothing sets it.</summary>
    private static string? Setting(DesiredIndex index, string name) => index.EffectiveSettings["index." + name]?.GetValue<string>();

    /// <summary>The fields a pivot transform writes: its group_by keys, then its aggregation names.</summary>
    private static List<string> OutputFields(JsonObject body) =>
        body["pivot"]!["group_by"]!.AsObject().Select(g => g.Key).Concat(body["pivot"]!["aggregations"]!.AsObject().Select(a => a.Key)).ToList();

    private static void AssertGuardedRatio(JsonNode agg, string total, string customers)
    {
        var script = agg["bucket_script"]!;
        var paths = script["buckets_path"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        Assert.Equal([customers, total], paths.Values.Order());
        var source = script["script"]!["source"]!.GetValue<string>();
        var divisor = paths.Single(p => p.Value == customers).Key;
        Assert.Contains($"params.{divisor} > 0", source); // no division by zero for a bucket without cards
    }

    private static IEnumerable<(string Type, JsonObject Options)> Processors(JsonObject body, string key) =>
        (body[key] as JsonArray ?? []).Select(p => p!.AsObject().Single()).Select(p => (p.Key, p.Value!.AsObject()));

    private static TimeSpan Delay(JsonObject transform) => DurationText.Parse(transform["sync"]!["time"]!["delay"]!.GetValue<string>());

    private static IEnumerable<string> LeafPaths(JsonObject obj, string prefix = "")
    {
        foreach (var (key, value) in obj)
        {
            if (value is JsonObject child) foreach (var p in LeafPaths(child, prefix + key + ".")) yield return p;
            else yield return prefix + key;
        }
    }
}
