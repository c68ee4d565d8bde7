using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Api;

/// <summary>Lenient reads of <c>_source</c> values: Elasticsearch returns what was indexed, numbers sometimes as text.</summary>
internal static class Read
{
    public static string? Text(JsonNode? n) => n switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => null,
    };

    public static decimal? Decimal(JsonNode? n) =>
        Text(n) is { } t && decimal.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static bool? Bool(JsonNode? n) => n is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public static IReadOnlyList<string> Texts(JsonNode? n) => n switch
    {
        JsonArray a => a.Select(Text).OfType<string>().ToList(),
        _ when Text(n) is { } one => [one],
        _ => [],
    };
}
