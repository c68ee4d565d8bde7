using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Elastic;

namespace ControlPlane.Tests.Content;

/// <summary>
/// The Elasticsearch content the engine applies: every body conforms to Elastic's strict request schema, the
/// templates map exactly the fields of docs/design.md "Documents", and the transforms write exactly the fields of
/// interface.md into those mappings.
/// </summary>
public sealed class AssetContentTests
{
    private static readonly string[] AliasedIndices = [IndexNames.Sales, IndexNames.FraudSales, IndexNames.DeadLetter, IndexNames.LoaderState];
    private static readonly string[] TransformOutputs = [IndexNames.DailyAov, IndexNames.WeeklyAov];
    private static readonly string[] ComponentTemplateNames =
        ["common-settings", "sales-fields", "fraud-fields", "aov-daily-fields", "aov-weekly-fields", "deadletter-fields", "loader-state-fields"];

    public static TheoryData<string> IndexTemplateNames() => new(DocumentFields.ByTemplate.Keys);

    // ---- files ------------------------------------------------------------------------------------------------

    [Fact]
    public void EveryAssetFileNamesItselfAndHasItsFolderKindAndAPositiveVersion()
    {
        var folders = new (IReadOnlyList<AssetFile> Files, string Kind)[]
        {
            (ContentAssets.ComponentTemplates, "component_template"), (ContentAssets.IndexTemplates, "index_template"),
            (ContentAssets.Indices, "index"), (ContentAssets.Pipelines, "ingest_pipeline"), (ContentAssets.Transforms, "transform"),
        };
        var problems = new List<string>();
        foreach (var (files, kind) in folders)
        {
            Assert.NotEmpty(files);
            foreach (var f in files)
            {
                if (f.Kind != kind) problems.Add($"{f.Relative}: kind '{f.Kind}', expected '{kind}'");
                if (f.Name != f.FileName) problems.Add($"{f.Relative}: name '{f.Name}' differs from the file name");
                if (f.Version is not >= 1) problems.Add($"{f.Relative}: version must be an integer >= 1");
                if (kind != "index" && f.Body is null) problems.Add($"{f.Relative}: no body");
                if (f.Root["description"] is null) problems.Add($"{f.Relative}: no description");
            }
        }
        AssertNoProblems(problems);
    }

    [Fact]
    public void TheSharedComponentTemplatesAllExist()
    {
        Assert.Equal(ComponentTemplateNames.Order(), ContentAssets.ComponentTemplates.Select(c => c.Name!).Order());
    }

    [Fact]
    public void EveryBodyConformsToElasticsStrictRequestSchema()
    {
        var problems = new List<string>();
        void Check(AssetFile file, string operation, JsonNode? body)
        {
            var errors = RequestSchemas.Validate(operation, (body ?? new JsonObject()).ToJsonString());
            problems.AddRange(errors.Select(e => $"{file.Relative} ({operation}): {e}"));
        }
        foreach (var f in ContentAssets.ComponentTemplates) Check(f, RequestSchemas.PutComponentTemplate, f.Body);
        foreach (var f in ContentAssets.IndexTemplates) Check(f, RequestSchemas.PutIndexTemplate, f.Body);
        foreach (var f in ContentAssets.Pipelines) Check(f, RequestSchemas.PutPipeline, f.Body);
        foreach (var f in ContentAssets.Transforms) Check(f, RequestSchemas.PutTransform, AsSent(f));
        foreach (var f in ContentAssets.Indices.Where(i => i.Body is not null)) Check(f, RequestSchemas.CreateIndex, f.Body);
        AssertNoProblems(problems);
    }

    [Fact]
    public void IndexAssetsExistForTheAliasedIndicesAndEachHasATemplate()
    {
        Assert.Equal(AliasedIndices.Order(), ContentAssets.Indices.Select(i => i.Name!).Order());
        foreach (var name in AliasedIndices.Concat(TransformOutputs))
        {
            var templates = ContentAssets.IndexTemplates.Where(t => Patterns(t).Any(p => Matches(p, $"{name}-v1"))).Select(t => t.Name).ToList();
            Assert.True(templates.Count == 1, $"{name}-v1 should match exactly one index template, matches [{string.Join(", ", templates)}]");
        }
    }

    // ---- index templates ----------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(IndexTemplateNames))]
    public void IndexTemplateMapsExactlyTheDesignedFieldsWithTheirTypes(string template)
    {
        var composed = ContentAssets.Composed(template);
        var expected = DocumentFields.ByTemplate[template];
        var problems = new List<string>();
        foreach (var field in expected)
        {
            var mapping = composed.Field(field.Path);
            if (mapping is null) { problems.Add($"{field.Path}: not mapped"); continue; }
            var type = TypeOf(mapping);
            if (type != field.Type) problems.Add($"{field.Path}: type '{type}', expected '{field.Type}'");
            if (field.Format is not null && mapping["format"]?.GetValue<string>() != field.Format)
                problems.Add($"{field.Path}: format '{mapping["format"]}', expected '{field.Format}'");
        }
        var extra = composed.FieldPaths().Except(expected.Select(f => f.Path));
        problems.AddRange(extra.Select(p => $"{p}: mapped but not in docs/design.md"));
        Assert.True(problems.Count == 0, $"index template {template}:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(IndexTemplateNames))]
    public void IndexTemplateIsStrictSingleShardAndAboveTheBuiltInTemplates(string template)
    {
        var composed = ContentAssets.Composed(template);
        Assert.Equal("strict", composed.Mappings["dynamic"]?.GetValue<string>());
        Assert.Equal(1L, composed.Setting("number_of_shards")?.GetValue<long>());
        Assert.Equal("0-1", composed.Setting("auto_expand_replicas")?.GetValue<string>());
        Assert.Null(composed.Setting("number_of_replicas")); // auto_expand_replicas decides; a fixed count would be ignored
        Assert.True(composed.Body["priority"]?.GetValue<long>() > 100, $"{template}: priority must be above the built-in templates' 100");
        Assert.Equal([$"{template}-*"], Patterns(ContentAssets.IndexTemplate(template)));
        Assert.Null(composed.Body["data_stream"]); // aliased, versioned indices: documents are updated in place by _id
    }

    [Fact]
    public void OnlyTheSaleIndicesRunTheSalesPipelineAndThatPipelineExists()
    {
        var pipelines = ContentAssets.Pipelines.Select(p => p.Name).ToHashSet();
        foreach (var template in DocumentFields.ByTemplate.Keys)
        {
            var pipeline = ContentAssets.Composed(template).Setting("default_pipeline")?.GetValue<string>();
            if (template is IndexNames.Sales or IndexNames.FraudSales)
            {
                Assert.Equal("platform-sales", pipeline);
                Assert.Contains(pipeline, pipelines);
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
        var composed = ContentAssets.Composed(IndexNames.DeadLetter);
        Assert.False(composed.Field("raw")!["enabled"]!.GetValue<bool>());
        Assert.Equal("keyword", composed.Field("reason")!["fields"]?["keyword"]?["type"]?.GetValue<string>());
        Assert.Equal(100L, ContentAssets.Composed(IndexNames.Sales).Field("amount_sale")!["scaling_factor"]!.GetValue<long>());
    }

    // ---- transforms ----------------------------------------------------------------------------------------------

    [Fact]
    public void DailyTransformWritesTheInterfaceFieldsPerStoreAndLocalDay()
    {
        var body = ContentAssets.Transform(IndexNames.DailyAov).Body!;
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
        Assert.Equal([IndexNames.Sales], SourceIndices(body));
        Assert.Equal("ingested_at", body["sync"]!["time"]!["field"]!.GetValue<string>());
        Assert.Equal("60s", body["sync"]!["time"]!["delay"]!.GetValue<string>());
        Assert.Equal("1m", body["frequency"]!.GetValue<string>());
    }

    [Fact]
    public void WeeklyTransformSumsTheDailyRowsOfEachSevenDayWindow()
    {
        var body = ContentAssets.Transform(IndexNames.WeeklyAov).Body!;
        Assert.Equal(["store_id", "date", "total_sale", "num_customer", "days", "week_aov", "last_ingested_at"], OutputFields(body));
        var pivot = body["pivot"]!;
        var script = pivot["group_by"]!["date"]!["terms"]!["script"]!;
        Assert.Null(pivot["group_by"]!["date"]!["terms"]!["field"]);
        Assert.Equal("painless", script["lang"]!.GetValue<string>());
        Assert.Equal(7L, script["params"]!["window_days"]!.GetValue<long>());
        // The script turns the daily key back into a local day: it must use the daily transform's zone.
        var dailyZone = ContentAssets.Transform(IndexNames.DailyAov).Body!["pivot"]!["group_by"]!["date"]!["date_histogram"]!["time_zone"]!.GetValue<string>();
        Assert.Equal(dailyZone, script["params"]!["time_zone"]!.GetValue<string>());
        Assert.Contains("params.time_zone", script["source"]!.GetValue<string>());
        Assert.Contains("params.window_days", script["source"]!.GetValue<string>());
        var aggs = pivot["aggregations"]!;
        Assert.Equal("total_sale", aggs["total_sale"]!["sum"]!["field"]!.GetValue<string>());
        Assert.Equal("num_customer", aggs["num_customer"]!["sum"]!["field"]!.GetValue<string>());
        Assert.Equal("date", aggs["days"]!["value_count"]!["field"]!.GetValue<string>());
        Assert.Equal("last_ingested_at", aggs["last_ingested_at"]!["max"]!["field"]!.GetValue<string>());
        AssertGuardedRatio(aggs["week_aov"]!, "total_sale", "num_customer");
        Assert.Equal([IndexNames.DailyAov], SourceIndices(body));
        Assert.Equal("last_ingested_at", body["sync"]!["time"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public void TransformsWriteExactlyTheFieldsTheirStrictDestinationMaps()
    {
        foreach (var transform in ContentAssets.Transforms)
        {
            var destination = ContentAssets.Composed(transform.Name!);
            var written = OutputFields(transform.Body!).Order();
            var mapped = destination.FieldPaths().Order();
            Assert.True(written.SequenceEqual(mapped),
                $"{transform.Relative} writes [{string.Join(", ", written)}] but {destination.Name} maps [{string.Join(", ", mapped)}]");
        }
    }

    [Fact]
    public void TransformsReadOnlyFieldsTheirSourceMapsAndSyncOnADate()
    {
        var problems = new List<string>();
        foreach (var transform in ContentAssets.Transforms)
        {
            var body = transform.Body!;
            var source = ContentAssets.Composed(SourceIndices(body).Single());
            var fields = body["pivot"]!["group_by"]!.AsObject().Select(g => g.Value!.AsObject().Single().Value!["field"])
                .Concat(body["pivot"]!["aggregations"]!.AsObject().Select(a => a.Value!.AsObject().Single().Value!["field"]))
                .OfType<JsonValue>().Select(v => v.GetValue<string>()).ToList();
            problems.AddRange(fields.Where(f => source.Field(f) is null).Select(f => $"{transform.Relative}: reads '{f}', not mapped in {source.Name}"));
            var sync = body["sync"]!["time"]!["field"]!.GetValue<string>();
            if (source.Field(sync) is not { } syncField || TypeOf(syncField) != "date")
                problems.Add($"{transform.Relative}: sync field '{sync}' is not a date of {source.Name}");
            if (body["dest"] is not null) problems.Add($"{transform.Relative}: dest is filled in by the control plane, leave it out");
        }
        AssertNoProblems(problems);
    }

    [Fact]
    public void TheWeeklyTransformReadsTheDailyOneAndSyncsLaterThanIt()
    {
        var daily = ContentAssets.Transform(IndexNames.DailyAov).Body!;
        var weekly = ContentAssets.Transform(IndexNames.WeeklyAov).Body!;
        // A daily row is written after its last_ingested_at by at least the daily delay; a shorter weekly delay would skip rows.
        Assert.True(Seconds(weekly["sync"]!["time"]!["delay"]!) > Seconds(daily["sync"]!["time"]!["delay"]!),
            "the weekly transform's sync delay must exceed the daily one's");
        Assert.Equal(IndexNames.DailyAov, SourceIndices(weekly).Single());
    }

    // ---- pipeline --------------------------------------------------------------------------------------------------

    [Fact]
    public void EveryPipelineProcessorIsTaggedUniquely()
    {
        foreach (var pipeline in ContentAssets.Pipelines)
        {
            var processors = Processors(pipeline.Body!, "processors").Concat(Processors(pipeline.Body!, "on_failure")).ToList();
            var tags = processors.Select(p => p.Options["tag"]?.GetValue<string>()).ToList();
            Assert.DoesNotContain(null, tags);
            Assert.Equal(tags.Count, tags.Distinct().Count());
            Assert.NotNull(pipeline.Body!["description"]);
        }
    }

    [Fact]
    public void SalesPipelineStampsIngestedAtFirstAndRecordsFailuresOnTheDocument()
    {
        var body = ContentAssets.Pipeline("platform-sales").Body!;
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
        var cases = ContentAssets.GoldenCases("platform-sales");
        Assert.True(cases.Count >= 3, "pipelines/tests/platform-sales/ should hold the golden cases");
        var sales = ContentAssets.Composed(IndexNames.Sales);
        var fraud = ContentAssets.Composed(IndexNames.FraudSales);
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
            var target = paths.All(p => sales.Field(p) is not null) ? sales : fraud;
            problems.AddRange(paths.Where(p => target.Field(p) is null).Select(p => $"{name}: expected field '{p}' is not mapped in {target.Name}"));
        }
        AssertNoProblems(problems);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static void AssertNoProblems(List<string> problems) => Assert.True(problems.Count == 0, string.Join("\n", problems));

    /// <summary>The transform body as the control plane sends it: dest.index = NAME-vVERSION.</summary>
    internal static JsonObject AsSent(AssetFile transform)
    {
        var body = (JsonObject)transform.Body!.DeepClone();
        body["dest"] = new JsonObject { ["index"] = $"{transform.Name}-v{transform.Version}" };
        return body;
    }

    /// <summary>The fields a pivot transform writes: its group_by keys, then its aggregation names.</summary>
    internal static List<string> OutputFields(JsonObject body) =>
        body["pivot"]!["group_by"]!.AsObject().Select(g => g.Key).Concat(body["pivot"]!["aggregations"]!.AsObject().Select(a => a.Key)).ToList();

    private static List<string> SourceIndices(JsonObject body) => body["source"]!["index"] switch
    {
        JsonArray a => a.Select(n => n!.GetValue<string>()).ToList(),
        var v => [v!.GetValue<string>()],
    };

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

    private static IEnumerable<string> LeafPaths(JsonObject obj, string prefix = "")
    {
        foreach (var (key, value) in obj)
        {
            if (value is JsonObject child) foreach (var p in LeafPaths(child, prefix + key + ".")) yield return p;
            else yield return prefix + key;
        }
    }

    private static string? TypeOf(JsonObject mapping) =>
        mapping["type"]?.GetValue<string>() ?? (mapping.ContainsKey("properties") || mapping.ContainsKey("enabled") ? "object" : null);

    private static List<string> Patterns(AssetFile template) =>
        template.Body!["index_patterns"] switch
        {
            JsonArray a => a.Select(n => n!.GetValue<string>()).ToList(),
            var v => [v!.GetValue<string>()],
        };

    private static bool Matches(string pattern, string index) =>
        System.Text.RegularExpressions.Regex.IsMatch(index, "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace(@"\*", ".*") + "$");

    private static double Seconds(JsonNode duration)
    {
        var text = duration.GetValue<string>();
        var unit = text.TrimStart("0123456789".ToCharArray());
        var value = double.Parse(text[..^unit.Length], System.Globalization.CultureInfo.InvariantCulture);
        return unit switch
        {
            "ms" => value / 1000, "s" => value, "m" => value * 60, "h" => value * 3600, "d" => value * 86400,
            _ => throw new FormatException($"unknown duration unit in '{text}'"),
        };
    }
}
