using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Assets;

/// <summary>
/// Every file under the asset folders, sorted into the ones a reader takes (counted by kind, for <c>validate</c>'s summary)
/// and the ones nothing reads, each reported by name: a file that is silently skipped is a change that silently never ships.
/// Files that look like assets (<c>.yml</c>, <c>.yaml</c>, <c>.json</c>, <c>.ndjson</c>) are errors; anything else
/// (notes, a <c>.gitkeep</c>) is a warning; a folder's <c>README.md</c> is documentation and passes silently.
/// </summary>
public sealed class AssetInventory : IAssetCheck
{
    private static readonly string[] AssetLikeExtensions = [".yml", ".yaml", ".json", ".ndjson"];

    /// <summary>Kind folders under <c>elastic-assets/</c> and what validate calls their files.</summary>
    private static readonly (string Folder, string Kind)[] ElasticFolders =
    [
        ("ilm-policies", AssetKinds.IlmPolicy), ("component-templates", AssetKinds.ComponentTemplate),
        ("index-templates", AssetKinds.IndexTemplate), ("indices", AssetKinds.Index), ("roles", AssetKinds.Role),
    ];

    public string Name => "files";

    public IEnumerable<AssetDiagnostic> Check(AssetRoot root) => Take(root).NotRead;

    /// <summary>Read files counted per kind (in the order validate prints them) and a diagnostic for every file not read.</summary>
    public sealed record Result(IReadOnlyList<(string Kind, int Files)> Counts, IReadOnlyList<AssetDiagnostic> NotRead);

    public static Result Take(AssetRoot root)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var notRead = new List<AssetDiagnostic>();
        void Count(string kind) => counts[kind] = counts.GetValueOrDefault(kind) + 1;
        void Skip(string path, string why)
        {
            // A folder's README documents the assets beside it: known, not an asset, nothing to report.
            if (Path.GetFileName(path).Equals("README.md", StringComparison.OrdinalIgnoreCase)) return;
            var assetLike = AssetLikeExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);
            notRead.Add(new AssetDiagnostic(root.Relative(path), 1, $"not read: {why}", Warning: !assetLike));
        }

        var folders = string.Join(", ", ElasticFolders.Select(f => f.Folder + "/").Append("sources/").Append("fraud-rules/"));
        foreach (var path in Files(root.ElasticAssets, SearchOption.TopDirectoryOnly))
            Skip(path, $"files directly under elastic-assets/ are not assets; move it into one of {folders}");
        if (Directory.Exists(root.ElasticAssets))
            foreach (var dir in Directory.EnumerateDirectories(root.ElasticAssets).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(dir);
                var elastic = ElasticFolders.FirstOrDefault(f => f.Folder == name);
                if (elastic.Kind is not null) Tree(dir, elastic.Kind);
                else if (name == "sources") Flat(dir, "source", [".yml"]);
                else if (name == "fraud-rules") Flat(dir, "fraud rule", [".yml", ".yaml"]);
                else
                    foreach (var path in Files(dir, SearchOption.AllDirectories))
                        Skip(path, $"elastic-assets/{name}/ is not an asset folder (known: {folders})");
            }
        Tree(root.Pipelines, AssetKinds.IngestPipeline, except: root.PipelineTests);
        PipelineTestCases();
        Tree(root.Transforms, AssetKinds.Transform);
        Flat(root.KibanaSavedObjects, "Kibana saved-object file", [".ndjson"], also: (Kibana.AdvancedSettings.FileName, KibanaAdvancedSettings));

        string[] order = [.. ElasticFolders.Select(f => f.Kind), AssetKinds.IngestPipeline, PipelineTestCase, AssetKinds.Transform, "source", "fraud rule", "Kibana saved-object file", KibanaAdvancedSettings];
        return new Result(order.Where(counts.ContainsKey).Select(k => (k, counts[k])).ToList(), notRead);

        // Golden cases pipelines/tests/PIPELINE/*.json, run through _simulate by the live suite: read here as JSON
        // of the shape that suite expects, beside a pipeline that exists.
        void PipelineTestCases()
        {
            foreach (var path in Files(root.PipelineTests, SearchOption.AllDirectories))
            {
                var dir = Path.GetDirectoryName(path)!;
                var pipeline = Path.GetFileName(dir);
                if (!string.Equals(Path.GetDirectoryName(dir), Path.TrimEndingDirectorySeparator(root.PipelineTests), StringComparison.Ordinal))
                {
                    Skip(path, "pipeline test cases are read from pipelines/tests/PIPELINE/*.json only");
                    continue;
                }
                if (Path.GetExtension(path) != ".json")
                {
                    Skip(path, $"pipeline test cases are .json files (this one is {Describe(path)})");
                    continue;
                }
                Count(PipelineTestCase);
                var file = root.Relative(path);
                if (!Directory.EnumerateFiles(root.Pipelines, pipeline + ".yml", SearchOption.AllDirectories).Any(p => !IsUnder(p, root.PipelineTests)))
                    notRead.Add(new AssetDiagnostic(file, 1, $"test case of pipeline '{pipeline}', which is not defined in pipelines/"));
                try
                {
                    if (JsonNode.Parse(AssetText.Read(root, path)) is not JsonObject o
                        || o["input"] is not JsonObject || o["expected"] is not JsonObject)
                        notRead.Add(new AssetDiagnostic(file, 1, "a pipeline test case is an object with 'input' and 'expected' documents"));
                }
                catch (AssetException ex) { notRead.Add(new AssetDiagnostic(ex.File, ex.Line, ex.Problem)); }
                catch (JsonException ex) { notRead.Add(new AssetDiagnostic(file, (int)(ex.LineNumber ?? 0) + 1, $"not valid JSON: {ex.Message}")); }
            }
        }

        // Elasticsearch asset folders are read with their subfolders, .yml only (ElasticAssetLoader).
        void Tree(string folder, string kind, string? except = null)
        {
            foreach (var path in Files(folder, SearchOption.AllDirectories))
            {
                if (except is not null && IsUnder(path, except)) continue;
                if (Path.GetExtension(path) == ".yml") Count(kind);
                else Skip(path, $"asset files end in .yml (this one is {Describe(path)})");
            }
        }

        // Sources, fraud rules and Kibana objects are read from their folder itself, not from subfolders.
        // `also`: one file of another kind the folder holds by name (Kibana's advanced-settings.yml).
        void Flat(string folder, string kind, string[] extensions, (string Name, string Kind)? also = null)
        {
            foreach (var path in Files(folder, SearchOption.AllDirectories))
            {
                var inSubfolder = !string.Equals(Path.GetDirectoryName(path), Path.TrimEndingDirectorySeparator(folder), StringComparison.Ordinal);
                if (inSubfolder) Skip(path, $"{kind}s are read only from {root.Relative(folder)}/ itself, not its subfolders");
                else if (also is { } named && Path.GetFileName(path) == named.Name) Count(named.Kind);
                else if (extensions.Contains(Path.GetExtension(path))) Count(kind);
                else Skip(path, $"{root.Relative(folder)}/ reads only {string.Join(" and ", extensions)} files (this one is {Describe(path)})");
            }
        }
    }

    public const string PipelineTestCase = "pipeline test case";
    public const string KibanaAdvancedSettings = "Kibana advanced-settings file";

    /// <summary>True when <paramref name="path"/> lies inside <paramref name="folder"/>.</summary>
    public static bool IsUnder(string path, string folder) =>
        Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Describe(string path) => Path.GetExtension(path) is { Length: > 0 } ext ? ext : "without an extension";

    private static IEnumerable<string> Files(string folder, SearchOption option) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", option).Order(StringComparer.Ordinal) : [];
}
