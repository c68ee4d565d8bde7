using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Content;

/// <summary>Questions the content tests ask of an index's effective mappings (<c>properties</c> trees).</summary>
internal static class MappedFields
{
    /// <summary>The mapping of a (dotted) field, or null when it is not mapped.</summary>
    public static JsonObject? Field(this JsonObject mappings, string path)
    {
        JsonObject? current = mappings;
        foreach (var part in path.Split('.'))
            current = current?["properties"]?[part] as JsonObject;
        return current;
    }

    /// <summary>Every mapped field as a dotted path (objects included, multi-fields not).</summary>
    public static IReadOnlyList<string> FieldPaths(this JsonObject mappings)
    {
        var paths = new List<string>();
        Walk(mappings, "");
        return paths;

        void Walk(JsonObject node, string prefix)
        {
            if (node["properties"] is not JsonObject props) return;
            foreach (var (name, value) in props)
            {
                paths.Add(prefix + name);
                if (value is JsonObject child) Walk(child, prefix + name + ".");
            }
        }
    }

    /// <summary>The field's type; an object field may leave it out (it has <c>properties</c> or <c>enabled</c>).</summary>
    public static string? TypeOf(JsonObject mapping) =>
        mapping["type"]?.GetValue<string>() ?? (mapping.ContainsKey("properties") || mapping.ContainsKey("enabled") ? "object" : null);
}
