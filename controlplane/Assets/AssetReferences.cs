using System.Text.Json.Nodes;

namespace ControlPlane.Assets;

/// <summary>
/// Cross-references between Elasticsearch assets, checked offline: template → component templates, settings → pipelines and
/// ILM policies, pipeline processors → pipelines, transform → source and destination template, index → template.
/// </summary>
public static class AssetReferences
{
    private static readonly string[] PipelineSettings = ["index.default_pipeline", "index.final_pipeline"];

    public static IEnumerable<AssetDiagnostic> Check(ElasticAssets assets)
    {
        var problems = new List<AssetDiagnostic>();
        foreach (var t in assets.Of(AssetKinds.IndexTemplate)) CheckIndexTemplate(assets, t, problems);
        foreach (var c in assets.Of(AssetKinds.ComponentTemplate)) CheckSettings(assets, c, "template.settings", problems);
        foreach (var p in assets.Of(AssetKinds.IngestPipeline)) CheckPipeline(assets, p, problems);
        foreach (var i in assets.Of(AssetKinds.Index))
        {
            CheckSettings(assets, i, "settings", problems);
            CheckDestinationTemplate(assets, i, problems, "the index");
            if (assets.Find(AssetKinds.Transform, i.Name) is { } clash)
                problems.Add(new AssetDiagnostic(i.File, i.Document.LineOf("name"), $"name '{i.Name}' is also a transform ({clash.File}): both would own the alias '{i.Name}'"));
        }
        foreach (var t in assets.Of(AssetKinds.Transform)) CheckTransform(assets, t, problems);
        try
        {
            _ = assets.TransformsInDependencyOrder();
        }
        catch (AssetException ex)
        {
            problems.Add(new AssetDiagnostic(ex.File, ex.Line, ex.Problem));
        }
        return problems;
    }

    private static void CheckIndexTemplate(ElasticAssets assets, ElasticAsset template, List<AssetDiagnostic> problems)
    {
        var ignored = (template.Body["ignore_missing_component_templates"] as JsonArray)?.Select(n => n?.ToString()).ToHashSet() ?? [];
        if (template.Body["composed_of"] is JsonArray composedOf)
            for (var i = 0; i < composedOf.Count; i++)
            {
                var name = composedOf[i]?.ToString() ?? "";
                if (!assets.Exists(AssetKinds.ComponentTemplate, name) && !ignored.Contains(name))
                    problems.Add(template.Problem(JsonPaths.Item("composed_of", i),
                        $"composed_of names component template '{name}', which is not defined in elastic-assets/component-templates/"));
            }
        CheckSettings(assets, template, "template.settings", problems);
    }

    /// <summary>Pipelines and ILM policies named by index settings must be ours (<c>_none</c> turns a pipeline off).</summary>
    private static void CheckSettings(ElasticAssets assets, ElasticAsset asset, string settingsPath, List<AssetDiagnostic> problems)
    {
        if (Navigate(asset.Body, settingsPath) is not JsonObject settings) return;
        var flat = SettingsFlattener.Flatten(settings);
        foreach (var key in PipelineSettings)
            if (flat[key]?.ToString() is { } pipeline && pipeline != "_none" && !assets.Exists(AssetKinds.IngestPipeline, pipeline))
                problems.Add(asset.Problem(SettingPath(asset, settingsPath, key), $"{key} names pipeline '{pipeline}', which is not defined in pipelines/"));
        if (flat["index.lifecycle.name"]?.ToString() is { } policy && !assets.Exists(AssetKinds.IlmPolicy, policy))
            problems.Add(asset.Problem(SettingPath(asset, settingsPath, "index.lifecycle.name"), $"index.lifecycle.name names ILM policy '{policy}', which is not defined in elastic-assets/ilm-policies/"));
    }

    private static void CheckPipeline(ElasticAssets assets, ElasticAsset pipeline, List<AssetDiagnostic> problems)
    {
        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++) Walk(a[i], JsonPaths.Item(path, i));
                    break;
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        var child = JsonPaths.Child(path, key);
                        if (key == "pipeline" && value is JsonObject p && p["name"] is JsonValue nameValue)
                        {
                            var name = nameValue.ToString();
                            if (name.Contains("{{")) continue; // a template picks the pipeline per document
                            if (name == pipeline.Name)
                                problems.Add(pipeline.Problem(JsonPaths.Child(child, "name"), $"pipeline processor calls '{name}' itself"));
                            else if (!assets.Exists(AssetKinds.IngestPipeline, name))
                                problems.Add(pipeline.Problem(JsonPaths.Child(child, "name"), $"pipeline processor calls '{name}', which is not defined in pipelines/"));
                        }
                        Walk(value, child);
                    }
                    break;
            }
        }
        Walk(pipeline.Body["processors"], "processors");
        Walk(pipeline.Body["on_failure"], "on_failure");
    }

    private static void CheckTransform(ElasticAssets assets, ElasticAsset transform, List<AssetDiagnostic> problems)
    {
        var sources = ElasticAssets.TransformSources(transform);
        if (sources.Count == 0) problems.Add(transform.Problem("source", "source.index is required"));
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var path = transform.Body["source"]?["index"] is JsonArray ? JsonPaths.Item("source.index", i) : "source.index";
            var owned = OwnedNames(assets).Where(n => GlobPattern.Matches(source, n)).ToList();
            if (owned.Count == 0)
                problems.Add(transform.Problem(path, $"source.index '{source}' is not an index or alias defined in elastic-assets/indices/ or transforms/ (nor a pattern matching one)"));
            else if (owned.Contains(transform.Name) || owned.Contains(ElasticAsset.VersionedName(transform.Name, transform.Version)))
                problems.Add(transform.Problem(path, $"source.index '{source}' is the transform's own destination"));
        }
        CheckDestinationTemplate(assets, transform, problems, "the destination index");
        if (transform.Body["dest"]?["pipeline"]?.ToString() is { } pipeline && !assets.Exists(AssetKinds.IngestPipeline, pipeline))
            problems.Add(transform.Problem("dest.pipeline", $"dest.pipeline names pipeline '{pipeline}', which is not defined in pipelines/"));
    }

    /// <summary>The index we create must get its mappings from one of our templates, and exactly one must win.</summary>
    private static void CheckDestinationTemplate(ElasticAssets assets, ElasticAsset asset, List<AssetDiagnostic> problems, string what)
    {
        var index = ElasticAsset.VersionedName(asset.Name, asset.Version);
        var templates = assets.IndexTemplatesFor(index);
        var line = asset.Document.LineOf("name");
        if (templates.Count == 0)
            problems.Add(new AssetDiagnostic(asset.File, line, $"no index template in elastic-assets/index-templates/ matches {what} '{index}' (add one with index_patterns ['{asset.Name}-*'])"));
        else if (templates.Count > 1 && ElasticAssets.Priority(templates[0]) == ElasticAssets.Priority(templates[1]))
            problems.Add(new AssetDiagnostic(asset.File, line,
                $"index templates '{templates[0].Name}' and '{templates[1].Name}' both match '{index}' with priority {ElasticAssets.Priority(templates[0])}; Elasticsearch needs one to win"));
    }

    /// <summary>Aliases and versioned index names we own, so a source may be <c>platform_sales</c> or <c>platform_sales-*</c>.</summary>
    private static IEnumerable<string> OwnedNames(ElasticAssets assets) =>
        assets.Of(AssetKinds.Index).Concat(assets.Of(AssetKinds.Transform)).SelectMany(a => new[] { a.Name, ElasticAsset.VersionedName(a.Name, a.Version) })
            .Concat(assets.FileNames(AssetKinds.Index)).Concat(assets.FileNames(AssetKinds.Transform));

    private static JsonNode? Navigate(JsonNode? node, string dottedPath)
    {
        foreach (var part in dottedPath.Split('.')) node = node?[part];
        return node;
    }

    /// <summary>Where a flat setting was written: nested (<c>index: {default_pipeline}</c>), bare, or as one dotted key.</summary>
    private static string SettingPath(ElasticAsset asset, string settingsPath, string flatKey)
    {
        var bare = flatKey["index.".Length..];
        string[] candidates =
        [
            JsonPaths.Child(settingsPath, flatKey),
            JsonPaths.Child(settingsPath, bare),
            JsonPaths.Child(JsonPaths.Child(settingsPath, "index"), bare),
        ];
        return candidates.FirstOrDefault(c => asset.Document.Lines.ContainsKey(JsonPaths.Child("body", c))) ?? settingsPath;
    }
}
