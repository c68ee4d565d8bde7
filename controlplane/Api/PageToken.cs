using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Api;

/// <summary>
/// The <c>next</c>/<c>search_after</c> token: the last hit's sort values (<c>sold_at</c> millis, <c>sale_id</c>) as
/// base64url JSON. Opaque to callers; anything that does not decode to that shape is a 400.
/// </summary>
public static class PageToken
{
    public const string Parameter = "search_after";

    public static string Encode(JsonArray sortValues) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(sortValues.ToJsonString()));

    public static JsonArray Decode(string token)
    {
        try
        {
            if (JsonNode.Parse(Base64Url.DecodeFromChars(token.Trim())) is JsonArray { Count: 2 } values
                && values[0] is JsonValue millis && millis.GetValueKind() == JsonValueKind.Number
                && values[1] is JsonValue id && id.GetValueKind() == JsonValueKind.String)
                return values;
        }
        catch (Exception ex) when (ex is FormatException or JsonException) { }
        throw new ParameterException(Parameter, "not a 'next' token from a previous page of this endpoint");
    }
}
