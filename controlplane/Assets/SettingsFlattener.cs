using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Assets;

/// <summary>
/// Index settings in one shape whatever way they were written or returned: flat <c>index.</c>-prefixed keys with text values
/// (<c>{"number_of_shards": 1}</c>, <c>{"index": {"number_of_shards": "1"}}</c> and <c>{"index.number_of_shards": "1"}</c> all become
/// <c>{"index.number_of_shards": "1"}</c>), as Elasticsearch itself stores them.
/// </summary>
public static class SettingsFlattener
{
    public static JsonObject Flatten(JsonObject? settings)
    {
        var flat = new JsonObject();
        if (settings is null) return flat;
        void Walk(JsonNode? node, string prefix)
        {
            if (node is JsonObject o)
            {
                foreach (var (k, v) in o) Walk(v, prefix.Length == 0 ? k : prefix + "." + k);
                return;
            }
            var key = prefix.StartsWith("index.", StringComparison.Ordinal) ? prefix : "index." + prefix;
            flat[key] = node switch
            {
                null => null,
                JsonArray a => new JsonArray(a.Select(e => (JsonNode?)JsonValue.Create(Text(e))).ToArray()),
                _ => JsonValue.Create(Text(node)),
            };
        }
        Walk(settings, "");
        return flat;
    }

    /// <summary>A scalar as Elasticsearch's settings text: <c>1</c> → "1", <c>true</c> → "true", <c>1.0</c> → "1".</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => CanonicalJson.Number(v),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.ToString(),
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };
}
