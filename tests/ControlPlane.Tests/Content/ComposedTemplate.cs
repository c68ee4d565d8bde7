using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Content;

/// <summary>
/// An index template with its <c>composed_of</c> component templates applied in order and its own
/// <c>template</c> last, as Elasticsearch composes them: settings flattened to dotted keys (later wins),
/// mapping properties merged field by field.
/// </summary>
internal sealed class ComposedTemplate
{
    public required string Name { get; init; }
    public required JsonObject Body { get; init; }
    public required IReadOnlyDictionary<string, JsonNode?> Settings { get; init; }
    public required JsonObject Mappings { get; init; }

    public static ComposedTemplate Of(AssetFile indexTemplate, Func<string, AssetFile> component)
    {
        var body = indexTemplate.Body ?? throw new InvalidDataException($"{indexTemplate.Relative}: no body");
        var settings = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var mappings = new JsonObject();
        var parts = (body["composed_of"] as JsonArray ?? []).Select(n => component(n!.GetValue<string>()).Body?["template"])
            .Append(body["template"]);
        foreach (var template in parts.OfType<JsonObject>())
        {
            if (template["settings"] is JsonObject s) Flatten(s, "", settings);
            if (template["mappings"] is JsonObject m) Merge(mappings, m);
        }
        return new ComposedTemplate { Name = indexTemplate.Name!, Body = body, Settings = settings, Mappings = mappings };
    }

    /// <summary>A setting by its full name (<c>index.number_of_shards</c>); <c>index.</c> may be left out, as in Elasticsearch.</summary>
    public JsonNode? Setting(string name) =>
        Settings.TryGetValue(name.StartsWith("index.", StringComparison.Ordinal) ? name : "index." + name, out var v) ? v : null;

    /// <summary>The mapping of a (dotted) field, or null when it is not mapped.</summary>
    public JsonObject? Field(string path)
    {
        JsonObject? current = Mappings;
        foreach (var part in path.Split('.'))
            current = current?["properties"]?[part] as JsonObject;
        return current;
    }

    /// <summary>Every mapped field as a dotted path (objects included, multi-fields not).</summary>
    public IReadOnlyList<string> FieldPaths()
    {
        var paths = new List<string>();
        Walk(Mappings, "");
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

    private static void Flatten(JsonObject obj, string prefix, Dictionary<string, JsonNode?> into)
    {
        foreach (var (key, value) in obj)
        {
            var name = prefix + key;
            if (value is JsonObject child) Flatten(child, name + ".", into);
            else into[name.StartsWith("index.", StringComparison.Ordinal) ? name : "index." + name] = value?.DeepClone();
        }
    }

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject sourceChild && target[key] is JsonObject targetChild) Merge(targetChild, sourceChild);
            else target[key] = value?.DeepClone();
        }
    }
}
