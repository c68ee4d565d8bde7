using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Content;

/// <summary>One asset file as the design fixes it: <c>kind</c>, <c>name</c>, integer <c>version</c>, <c>body</c>.</summary>
internal sealed record AssetFile(string Path, string Relative, JsonObject Root)
{
    public string? Kind => Root["kind"]?.GetValue<string>();
    public string? Name => Root["name"]?.GetValue<string>();
    public long? Version => Root["version"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;
    public JsonObject? Body => Root["body"] as JsonObject;
    public string FileName => System.IO.Path.GetFileNameWithoutExtension(Path);
}

/// <summary>The content of the repository's asset folders, read from the working tree (not from the build output).</summary>
internal static class ContentAssets
{
    public static readonly string Root = TestSupport.RepositoryRoot.Path;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static IReadOnlyList<AssetFile> ComponentTemplates => Load("elastic-assets", "component-templates");
    public static IReadOnlyList<AssetFile> IndexTemplates => Load("elastic-assets", "index-templates");
    public static IReadOnlyList<AssetFile> Indices => Load("elastic-assets", "indices");
    public static IReadOnlyList<AssetFile> Pipelines => Load("pipelines");
    public static IReadOnlyList<AssetFile> Transforms => Load("transforms");

    public static AssetFile ComponentTemplate(string name) => Single(ComponentTemplates, name, "component template");
    public static AssetFile IndexTemplate(string name) => Single(IndexTemplates, name, "index template");
    public static AssetFile Pipeline(string name) => Single(Pipelines, name, "ingest pipeline");
    public static AssetFile Transform(string name) => Single(Transforms, name, "transform");

    /// <summary>The index template with its component templates merged in, as Elasticsearch composes them.</summary>
    public static ComposedTemplate Composed(string indexTemplateName) => ComposedTemplate.Of(IndexTemplate(indexTemplateName), ComponentTemplate);

    /// <summary>The golden cases of a pipeline: <c>pipelines/tests/NAME/NN-name.json</c>, in file order.</summary>
    public static IReadOnlyList<string> GoldenCases(string pipeline)
    {
        var dir = Combine("pipelines", "tests", pipeline);
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal).ToList() : [];
    }

    private static IReadOnlyList<AssetFile> Load(params string[] folder)
    {
        var dir = Combine(folder);
        if (!Directory.Exists(dir)) return [];
        return Directory.GetFiles(dir, "*.yml").Order(StringComparer.Ordinal)
            .Select(f => new AssetFile(f, System.IO.Path.GetRelativePath(Root, f).Replace('\\', '/'),
                YamlJson.ParseFile(f) as JsonObject ?? throw new InvalidDataException($"{f}: not a YAML mapping")))
            .ToList();
    }

    private static AssetFile Single(IReadOnlyList<AssetFile> files, string name, string what) =>
        files.SingleOrDefault(f => f.Name == name)
        ?? throw new InvalidOperationException($"no {what} named '{name}' (have: {string.Join(", ", files.Select(f => f.Name))})");
}
