using System.Text.Json.Nodes;

namespace ControlPlane.Assets;

/// <summary>What an index gets from the index template Elasticsearch picks for it.</summary>
public sealed record ComposedTemplate(string? IndexTemplate, JsonObject Settings, JsonObject Mappings);

/// <summary>
/// Works out offline what Elasticsearch does when an index is created: the highest-priority index template matching the
/// name wins, its <c>composed_of</c> component templates apply in order, then its own <c>template</c>, then the create request.
/// Mappings merge as ES merges templates: objects merge field by field, a leaf field's later definition replaces the earlier
/// one, and <c>_meta</c> is deep-merged.
/// </summary>
public static class TemplateComposer
{
    public static ComposedTemplate Compose(ElasticAssets assets, string indexName)
    {
        var settings = new JsonObject();
        var mappings = new JsonObject();
        var template = assets.IndexTemplatesFor(indexName).FirstOrDefault();
        if (template is null) return new ComposedTemplate(null, settings, mappings);
        var parts = new List<JsonNode?>();
        if (template.Body["composed_of"] is JsonArray composedOf)
            foreach (var name in composedOf.Select(n => n?.ToString() ?? ""))
                parts.Add(assets.Find(AssetKinds.ComponentTemplate, name)?.Body["template"]);
        parts.Add(template.Body["template"]);
        foreach (var part in parts.OfType<JsonObject>())
        {
            foreach (var (k, v) in SettingsFlattener.Flatten(part["settings"] as JsonObject)) settings[k] = v?.DeepClone();
            if (part["mappings"] is JsonObject m) MergeMappings(mappings, m);
        }
        return new ComposedTemplate(template.Name, settings, mappings);
    }

    /// <summary>Merges <paramref name="from"/> into <paramref name="into"/> with template-composition semantics.</summary>
    public static void MergeMappings(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from)
        {
            if (key == "properties" && into[key] is JsonObject intoProps && value is JsonObject fromProps)
                MergeProperties(intoProps, fromProps);
            else if (key == "_meta" && into[key] is JsonObject intoMeta && value is JsonObject fromMeta)
                DeepMerge(intoMeta, fromMeta);
            else
                into[key] = value?.DeepClone();
        }
    }

    private static void MergeProperties(JsonObject into, JsonObject from)
    {
        foreach (var (field, definition) in from)
        {
            if (into[field] is JsonObject existing && definition is JsonObject incoming && IsObjectField(existing) && IsObjectField(incoming))
                MergeMappings(existing, incoming);
            else
                into[field] = definition?.DeepClone();
        }
    }

    private static bool IsObjectField(JsonObject definition) =>
        definition["type"] is null || definition["type"]!.ToString() is "object" or "nested";

    private static void DeepMerge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from)
        {
            if (into[key] is JsonObject a && value is JsonObject b) DeepMerge(a, b);
            else into[key] = value?.DeepClone();
        }
    }
}
