using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Assets;

namespace ControlPlane.Kibana;

/// <summary>
/// Reads every <c>kibana-saved-objects/*.ndjson</c> line by line. A line that is not a JSON object becomes a
/// diagnostic naming <c>file:line</c>; the others become <see cref="SavedObject"/>s in file and line order.
/// </summary>
public static class SavedObjectFiles
{
    public sealed record ReadResult(IReadOnlyList<SavedObject> Objects, IReadOnlyList<AssetDiagnostic> Diagnostics);

    public static ReadResult Read(AssetRoot root)
    {
        var objects = new List<SavedObject>();
        var diagnostics = new List<AssetDiagnostic>();
        if (!Directory.Exists(root.KibanaSavedObjects)) return new ReadResult(objects, diagnostics);
        foreach (var path in Directory.EnumerateFiles(root.KibanaSavedObjects, "*.ndjson").Order(StringComparer.Ordinal))
        {
            var file = root.Relative(path);
            var lineNumber = 0;
            IEnumerable<string> lines;
            try { lines = AssetText.ReadLines(root, path); }
            catch (AssetException ex)
            {
                diagnostics.Add(new AssetDiagnostic(ex.File, ex.Line, ex.Problem));
                continue;
            }
            foreach (var line in lines)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                try
                {
                    if (JsonNode.Parse(line) is JsonObject json) objects.Add(new SavedObject(file, lineNumber, line.Trim(), json));
                    else diagnostics.Add(new AssetDiagnostic(file, lineNumber, "not a JSON object: each NDJSON line must be one saved object"));
                }
                catch (JsonException ex)
                {
                    diagnostics.Add(new AssetDiagnostic(file, lineNumber, $"not valid JSON: {ex.Message}"));
                }
            }
        }
        return new ReadResult(objects, diagnostics);
    }

    /// <summary>The objects as one NDJSON body for <c>_import</c>: our lines, unchanged, one per line.</summary>
    public static byte[] ToNdjson(IEnumerable<SavedObject> objects) =>
        System.Text.Encoding.UTF8.GetBytes(string.Concat(objects.Select(o => o.Text + "\n")));
}
