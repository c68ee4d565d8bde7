using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Assets;

/// <summary>What <c>render</c> wrote.</summary>
public sealed record RenderResult(string Directory, int Requests, int Files);

/// <summary>
/// <c>render --out DIR</c>: every request apply would send to an empty cluster, as <c>NNN-kind-name.json</c> bodies plus
/// <c>manifest.json</c> (<c>order, kind, name, method, path, file</c>), so the exact requests can be reviewed or replayed.
/// </summary>
public static class AssetRenderer
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static RenderResult Render(AssetRoot root, string outDir)
    {
        var desired = ElasticsearchAssetCheck.LoadDesired(root);
        var dir = Path.GetFullPath(outDir);
        if (File.Exists(dir)) throw new ArgumentException($"--out {dir} is a file, not a folder");
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            throw new ArgumentException($"--out {dir} is not empty: render writes only into an empty or new folder, so no stale request is left beside the new ones");
        Directory.CreateDirectory(dir);

        var manifest = new JsonArray();
        var order = 0;
        var files = 0;
        foreach (var request in desired.EmptyClusterRequests())
        {
            order++;
            string? file = null;
            if (request.Body is not null)
            {
                file = $"{order:D3}-{request.Kind}-{request.Name}.json";
                File.WriteAllText(Path.Combine(dir, file), request.Body.ToJsonString(Indented) + "\n");
                files++;
            }
            manifest.Add(new JsonObject
            {
                ["order"] = order, ["kind"] = request.Kind, ["name"] = request.Name,
                ["method"] = request.Method, ["path"] = request.Path, ["file"] = file,
            });
        }
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString(Indented) + "\n");
        return new RenderResult(dir, order, files);
    }
}
