using System.Text.Json.Nodes;
using ControlPlane.Assets;

namespace ControlPlane.Planning;

/// <summary>
/// Reads Elasticsearch's GET answers into name → object maps. Each answer has its own envelope:
/// <c>{"component_templates":[{"name","component_template"}]}</c>, <c>{"index_templates":[{"name","index_template"}]}</c>,
/// <c>{ID: pipeline}</c>, <c>{NAME: {"version","modified_date","policy","in_use_by"}}</c>, <c>{"count","transforms":[…]}</c>,
/// <c>{INDEX: {"aliases","mappings","settings"}}</c>.
/// </summary>
public static class LiveShapes
{
    public static Dictionary<string, JsonObject> ComponentTemplates(JsonNode? answer) => NamedList(answer, "component_templates", "component_template");

    public static Dictionary<string, JsonObject> IndexTemplates(JsonNode? answer) => NamedList(answer, "index_templates", "index_template");

    public static Dictionary<string, JsonObject> Pipelines(JsonNode? answer) => ByKey(answer, v => v);

    /// <summary><c>GET _security/role</c>: <c>{NAME: {cluster, indices, applications, run_as, metadata, transient_metadata, …}}</c>.</summary>
    public static Dictionary<string, JsonObject> Roles(JsonNode? answer) => ByKey(answer, v => v);

    /// <summary>Each policy as <c>{"policy": …}</c>, the shape of the PUT body.</summary>
    public static Dictionary<string, JsonObject> IlmPolicies(JsonNode? answer) =>
        ByKey(answer, v => new JsonObject { ["policy"] = v["policy"]?.DeepClone() });

    public static Dictionary<string, JsonObject> Transforms(JsonNode? answer)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var t in answer?["transforms"] as JsonArray ?? [])
            if (t is JsonObject o && o["id"]?.ToString() is { } id) result[id] = (JsonObject)o.DeepClone();
        return result;
    }

    /// <summary>Transform id → state, from <c>GET _transform/_all/_stats</c>.</summary>
    public static Dictionary<string, string> TransformStates(JsonNode? answer)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in answer?["transforms"] as JsonArray ?? [])
            if (t?["id"]?.ToString() is { } id) result[id] = t["state"]?.ToString() ?? "unknown";
        return result;
    }

    /// <summary>Index → mappings, from <c>GET _mapping</c>.</summary>
    public static Dictionary<string, JsonObject> IndexMappings(JsonNode? answer) =>
        ByKey(answer, v => v["mappings"] as JsonObject is { } m ? (JsonObject)m.DeepClone() : new JsonObject());

    /// <summary>One index from <c>GET NAME</c>; null when the answer does not hold it (NAME was an alias of another index).</summary>
    public static LiveIndex? Index(JsonNode? answer, string name)
    {
        if (answer?[name] is not JsonObject o) return null;
        var aliases = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (alias, options) in o["aliases"] as JsonObject ?? [])
            aliases[alias] = options?["is_write_index"] is JsonValue w && w.TryGetValue(out bool b) && b;
        return new LiveIndex(name,
            o["mappings"] is JsonObject m ? (JsonObject)m.DeepClone() : new JsonObject(),
            SettingsFlattener.Flatten(o["settings"] as JsonObject),
            aliases);
    }

    /// <summary>Index → is_write_index for one alias, from <c>GET _alias/NAME</c>.</summary>
    public static Dictionary<string, bool> AliasHolders(JsonNode? answer, string alias)
    {
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (index, entry) in answer as JsonObject ?? [])
            if (entry?["aliases"]?[alias] is { } options)
                result[index] = options["is_write_index"] is JsonValue w && w.TryGetValue(out bool b) && b;
        return result;
    }

    private static Dictionary<string, JsonObject> NamedList(JsonNode? answer, string list, string item)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var entry in answer?[list] as JsonArray ?? [])
            if (entry?["name"]?.ToString() is { } name && entry[item] is JsonObject o) result[name] = (JsonObject)o.DeepClone();
        return result;
    }

    private static Dictionary<string, JsonObject> ByKey(JsonNode? answer, Func<JsonObject, JsonObject> select)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (key, value) in answer as JsonObject ?? [])
            if (value is JsonObject o) result[key] = select((JsonObject)o.DeepClone());
        return result;
    }
}
