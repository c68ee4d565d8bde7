using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Assets;

/// <summary>
/// A canonical JSON text: object keys sorted (ordinal), no whitespace, numbers in their shortest form (<c>100.0</c> → <c>100</c>).
/// Two bodies that mean the same to Elasticsearch give the same text, so it feeds the content hash and comparisons.
/// </summary>
public static class CanonicalJson
{
    public static string Write(JsonNode? node)
    {
        var sb = new StringBuilder();
        Append(sb, node);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    sb.Append(JsonSerializer.Serialize(key)).Append(':');
                    Append(sb, value);
                }
                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Append(sb, a[i]);
                }
                sb.Append(']');
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                sb.Append(Number(v));
                break;
            default:
                sb.Append(node.ToJsonString());
                break;
        }
    }

    /// <summary>A number's canonical text: integers without a fraction, others in shortest round-trip form.</summary>
    public static string Number(JsonValue value)
    {
        var raw = value.ToJsonString();
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            var text = d.ToString(CultureInfo.InvariantCulture);
            return text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;
        }
        return double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
    }
}
