using System.Text.Json.Nodes;

namespace ControlPlane.Assets;

/// <summary>A YAML file read as JSON, with the line of every key and sequence item by <see cref="JsonPaths"/> path.</summary>
public sealed record YamlJsonDocument(string File, JsonNode? Root, IReadOnlyDictionary<string, int> Lines)
{
    /// <summary>The line of <paramref name="path"/>, or of its nearest ancestor present in the file (paths we add, like <c>_meta</c>, have none).</summary>
    public int LineOf(string path)
    {
        var p = path;
        while (true)
        {
            if (Lines.TryGetValue(p, out var line)) return line;
            if (p.Length == 0) return 1;
            p = JsonPaths.Parent(p);
        }
    }
}
