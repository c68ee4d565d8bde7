using System.Text.Json.Nodes;
using ControlPlane.Assets;

namespace ControlPlane.Planning;

/// <summary>
/// Mappings in one shape, whether written in a template, stored in a template, or serialized by an index's mappers:
/// every scalar as text (ES answers <c>scaling_factor: 100.0</c> and <c>dynamic: "false"</c> for <c>100</c> and <c>false</c>),
/// <c>type: object</c> dropped (ES leaves it out once a field has properties), empty <c>properties</c> dropped.
/// </summary>
public static class MappingsNormalizer
{
    public static JsonObject Normalize(JsonObject? mappings)
    {
        var result = new JsonObject();
        if (mappings is null) return result;
        foreach (var (key, value) in mappings)
        {
            if (key == "properties" && value is JsonObject props)
            {
                if (props.Count > 0) result[key] = Properties(props);
            }
            else result[key] = Text(value);
        }
        return result;
    }

    private static JsonObject Properties(JsonObject props)
    {
        var result = new JsonObject();
        foreach (var (field, definition) in props)
            result[field] = definition is JsonObject d ? Field(d) : Text(definition);
        return result;
    }

    private static JsonObject Field(JsonObject definition)
    {
        var result = new JsonObject();
        foreach (var (key, value) in definition)
        {
            if (key is "properties" or "fields" && value is JsonObject children)
            {
                if (children.Count > 0) result[key] = Properties(children);
            }
            else if (key == "type" && value?.ToString() == "object") continue;
            else result[key] = Text(value);
        }
        return result;
    }

    /// <summary>A deep copy with every scalar as its settings-style text.</summary>
    public static JsonNode? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Text(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Text).ToArray()),
        _ => JsonValue.Create(SettingsFlattener.Text(node)),
    };

    /// <summary>
    /// Drops the cluster's fields the repository does not name. For mappings that are not <c>dynamic: strict</c>, fields that
    /// documents added at index time are not drift of ours.
    /// </summary>
    public static void DropLiveOnlyFields(JsonObject desired, JsonObject live)
    {
        if (live["properties"] is not JsonObject liveProps) return;
        var desiredProps = desired["properties"] as JsonObject;
        foreach (var field in liveProps.Select(kv => kv.Key).ToList())
        {
            if (desiredProps?[field] is JsonObject d && liveProps[field] is JsonObject l) DropLiveOnlyFields(d, l);
            else if (desiredProps is null || !desiredProps.ContainsKey(field)) liveProps.Remove(field);
        }
        if (liveProps.Count == 0 && desiredProps is null) live.Remove("properties");
    }
}
