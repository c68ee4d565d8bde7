using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ControlPlane.Assets;

/// <summary>
/// Reads every Elasticsearch asset file (one per <c>*.yml</c> in each kind's folder and its subfolders, strict UTF-8) and checks its envelope: YAML syntax,
/// required fields, unknown top-level keys, name = file name, kind = folder. Problems are collected, not thrown.
/// </summary>
public static partial class ElasticAssetLoader
{
    private static readonly string[] EnvelopeKeys = ["kind", "name", "version", "description", "body"];

    public static AssetLoadResult Load(AssetRoot root)
    {
        var assets = new List<ElasticAsset>();
        var files = new List<(string, string)>();
        var diagnostics = new List<AssetDiagnostic>();
        foreach (var kind in AssetKinds.ApplyOrder)
        {
            var folder = AssetKinds.Folder(root, kind);
            if (!Directory.Exists(folder)) continue;
            // Subfolders are read too (a team may group files); a name defined twice is an error, never last-one-wins.
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in Directory.EnumerateFiles(folder, "*.yml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (kind == AssetKinds.IngestPipeline && AssetInventory.IsUnder(path, root.PipelineTests)) continue;
                var name = Path.GetFileNameWithoutExtension(path);
                if (seen.TryGetValue(name, out var first))
                {
                    diagnostics.Add(new AssetDiagnostic(root.Relative(path), 1, $"duplicate {kind} '{name}': also defined in {first}; each name may have one file"));
                    continue;
                }
                seen[name] = root.Relative(path);
                files.Add((kind, name));
                var problems = new List<AssetDiagnostic>();
                var asset = LoadFile(root, path, kind, problems);
                diagnostics.AddRange(problems);
                if (asset is not null && problems.Count == 0) assets.Add(asset);
            }
        }
        return new AssetLoadResult(new ElasticAssets(assets, files), diagnostics);
    }

    /// <summary>Reads one file expected to hold <paramref name="expectedKind"/>; null when the envelope is unusable.</summary>
    public static ElasticAsset? LoadFile(AssetRoot root, string path, string expectedKind, List<AssetDiagnostic> problems)
    {
        var file = root.Relative(path);
        YamlJsonDocument doc;
        try
        {
            doc = YamlJsonReader.Read(AssetText.Read(root, path), file);
        }
        catch (AssetException ex)
        {
            problems.Add(new AssetDiagnostic(ex.File, ex.Line, ex.Problem));
            return null;
        }
        if (doc.Root is not JsonObject top)
        {
            problems.Add(new AssetDiagnostic(file, 1, "expected a mapping with kind, name, version and body"));
            return null;
        }
        void Problem(string key, string message) => problems.Add(new AssetDiagnostic(file, doc.LineOf(key), message));

        var allowed = expectedKind == AssetKinds.Transform ? [.. EnvelopeKeys, "start"] : EnvelopeKeys;
        foreach (var (key, _) in top)
            if (!allowed.Contains(key)) Problem(key, $"unknown top-level key '{key}' (allowed: {string.Join(", ", allowed)})");

        var kind = Text(top["kind"]);
        if (kind is null) Problem("", "missing required field 'kind'");
        else if (kind != expectedKind) Problem("kind", $"kind '{kind}' does not belong in {root.Relative(AssetKinds.Folder(root, expectedKind))}/ (expected '{expectedKind}')");

        var expectedName = Path.GetFileNameWithoutExtension(path);
        var name = Text(top["name"]);
        if (name is null) Problem("", "missing required field 'name'");
        else if (name != expectedName) Problem("name", $"name '{name}' must equal the file name '{expectedName}'");
        else if (expectedKind is AssetKinds.Index or AssetKinds.Transform && !LowercaseName().IsMatch(name))
            Problem("name", $"name '{name}' must be lower-case letters, digits, '_' or '-' (it becomes an index or transform id)");
        else if (!PlainName().IsMatch(name)) Problem("name", $"name '{name}' must not contain spaces, '/', '*' or ','");

        int version = 0;
        if (top["version"] is null) Problem("", "missing required field 'version'");
        else if (top["version"] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue(out long raw) || raw < 1 || raw > int.MaxValue)
            Problem("version", "version must be an integer ≥ 1");
        else version = (int)raw;

        string? description = null;
        if (top["description"] is { } d)
        {
            if (d is JsonValue dv && dv.GetValueKind() == JsonValueKind.String) description = dv.ToString();
            else Problem("description", "description must be text");
        }

        var start = true;
        if (top["start"] is { } s)
        {
            if (s is JsonValue sv && sv.TryGetValue(out bool b)) start = b;
            else Problem("start", "start must be true or false");
        }

        JsonObject body;
        if (top["body"] is JsonObject given) body = given;
        else if (top["body"] is null && !top.ContainsKey("body") && expectedKind == AssetKinds.Index) body = new JsonObject();
        else if (top["body"] is null)
        {
            Problem(top.ContainsKey("body") ? "body" : "", expectedKind == AssetKinds.Index ? "body must be a mapping when given" : "missing required field 'body' (the request body)");
            return null;
        }
        else
        {
            Problem("body", "body must be a mapping (the request body as Elasticsearch takes it)");
            return null;
        }

        if (expectedKind == AssetKinds.Index)
            foreach (var (key, _) in body)
                if (key is not ("settings" or "mappings"))
                    Problem(JsonPaths.Child("body", key), key == "aliases"
                        ? $"aliases are managed by the control plane (alias '{name}' on {name}-vN); remove 'aliases'"
                        : $"an index asset's body may hold only 'settings' and 'mappings', not '{key}'");
        if (expectedKind == AssetKinds.Transform && body["dest"]?["index"] is JsonValue destIndex && name is not null && version > 0
            && destIndex.ToString() != name && destIndex.ToString() != ElasticAsset.VersionedName(name, version))
            Problem("body.dest.index", $"dest.index is filled in by the control plane ({ElasticAsset.VersionedName(name, version)}); remove it or make it '{name}'");

        if (kind is null || name is null || version == 0) return null;
        return new ElasticAsset(expectedKind, name, version, description, body, start, file, doc);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.ToString().Length > 0 ? v.ToString() : null;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex LowercaseName();

    [GeneratedRegex(@"^[^\s/*,]+$")]
    private static partial Regex PlainName();
}
