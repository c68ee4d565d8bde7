using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Kibana;

/// <summary>
/// Puts a saved object in the form drift is judged on, so an object Kibana exports right after importing ours
/// compares equal to our file: drops what Kibana writes itself (timestamps, version, namespaces, managed, migration
/// versions), parses attributes Kibana stores as JSON strings (<c>panelsJSON</c>, <c>visState</c>,
/// <c>searchSourceJSON</c>…) so formatting does not count, orders references by name and sorts every object's keys.
/// </summary>
public static class SavedObjectNormalizer
{
    /// <summary>Top-level fields Kibana sets or rewrites on import and export; none of them is ours to declare.</summary>
    public static readonly IReadOnlySet<string> KibanaManagedFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "updated_at", "updated_by", "created_at", "created_by", "version", "managed", "namespaces", "originId",
        "coreMigrationVersion", "typeMigrationVersion", "migrationVersion",
    };

    public static JsonObject Normalize(JsonObject savedObject)
    {
        var result = new JsonObject();
        foreach (var (key, value) in savedObject.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (KibanaManagedFields.Contains(key)) continue;
            result[key] = key switch
            {
                "attributes" => Canonical(value, parseJsonStrings: true),
                "references" => SortReferences(value),
                _ => Canonical(value, parseJsonStrings: false),
            };
        }
        return result;
    }

    private static JsonNode? SortReferences(JsonNode? references) =>
        references is JsonArray a
            ? new JsonArray(a.Select(r => Canonical(r, false))
                .OrderBy(r => r?["name"]?.ToString(), StringComparer.Ordinal)
                .ThenBy(r => r?["type"]?.ToString(), StringComparer.Ordinal)
                .ThenBy(r => r?["id"]?.ToString(), StringComparer.Ordinal).ToArray())
            : Canonical(references, false);

    private static JsonNode? Canonical(JsonNode? node, bool parseJsonStrings) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Canonical(kv.Value, parseJsonStrings)))),
        JsonArray a => new JsonArray(a.Select(x => Canonical(x, parseJsonStrings)).ToArray()),
        JsonValue v when parseJsonStrings && v.TryGetValue<string>(out var s) && TryParseEmbedded(s) is { } parsed => Canonical(parsed, true),
        _ => node?.DeepClone(),
    };

    /// <summary>A string attribute holding a JSON object or array (Kibana's <c>*JSON</c> attributes); null for plain text.</summary>
    private static JsonNode? TryParseEmbedded(string s)
    {
        var t = s.AsSpan().Trim();
        if (t.Length < 2 || !((t[0] == '{' && t[^1] == '}') || (t[0] == '[' && t[^1] == ']'))) return null;
        try { return JsonNode.Parse(s); }
        catch (JsonException) { return null; }
    }
}
