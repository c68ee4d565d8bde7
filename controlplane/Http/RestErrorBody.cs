using System.Text.Json.Nodes;

namespace ControlPlane.Http;

/// <summary>Reads the reason out of an error answer of Elasticsearch or Kibana.</summary>
public static class RestErrorBody
{
    /// <summary>Elasticsearch's <c>{"error":{"type","reason"}}</c> or Kibana's <c>{"error","message"}</c>.</summary>
    public static (string? Type, string Reason) Read(JsonNode? body)
    {
        if (body is JsonObject o)
        {
            if (o["error"] is JsonObject e)
            {
                var root = e["root_cause"] is JsonArray { Count: > 0 } rc && rc[0] is JsonObject first ? first : e;
                var reason = e["reason"]?.ToString() ?? root["reason"]?.ToString() ?? e.ToJsonString();
                if (e["caused_by"]?["reason"] is { } cause) reason += $" (caused by: {cause})";
                return (e["type"]?.ToString(), reason);
            }
            if (o["message"] is { } m) return (o["error"]?.ToString(), m.ToString());
            if (o["error"] is JsonValue ev) return (null, ev.ToString());
            return (null, o.ToJsonString());
        }
        return (null, body?.ToString() ?? "empty response");
    }

    public static JsonNode? Parse(byte[]? bytes)
    {
        if (bytes is null || bytes.Length == 0) return null;
        try { return JsonNode.Parse(bytes); }
        catch (System.Text.Json.JsonException) { return JsonValue.Create(System.Text.Encoding.UTF8.GetString(bytes)); }
    }
}
