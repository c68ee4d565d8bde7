using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ControlPlane.Assets;

namespace ControlPlane.Planning;

/// <summary>
/// One changed JSON path with the live value and the desired value (null = absent on that side), so a reviewer sees what
/// drifted without going to the cluster. Values under a key that names a secret are replaced by <see cref="Redacted"/>
/// before they are kept: a plan is posted to CI logs and review comments.
/// </summary>
public sealed partial record ValueChange(string Path, DifferenceKind Kind, JsonNode? Live, JsonNode? Desired)
{
    /// <summary>What a secret's value reads as in plans.</summary>
    public const string Redacted = "(sensitive value)";

    /// <summary>Longest value a plan line shows; longer ones are cut with their full length named.</summary>
    public const int MaxShownLength = 120;

    public static ValueChange Of(string path, DifferenceKind kind, JsonNode? live, JsonNode? desired) =>
        new(path, kind, Redact(path, live), Redact(path, desired));

    /// <summary><c>description: "old" → "new"</c>, each side shortened; <c>(absent)</c> for a side without the path.</summary>
    public string ToText() => $"{(Path.Length == 0 ? "$" : Path)}: {Show(Live)} → {Show(Desired)}";

    /// <summary>A value as compact JSON, cut to <see cref="MaxShownLength"/> characters.</summary>
    public static string Show(JsonNode? value)
    {
        if (value is null) return "(absent)";
        var text = value is JsonValue v && v.ToString() == Redacted ? Redacted : CanonicalJson.Write(value);
        return text.Length <= MaxShownLength ? text : $"{text[..(MaxShownLength - 1)]}… ({text.Length} chars)";
    }

    /// <summary>A copy of <paramref name="value"/> with every secret replaced; the whole value when the path itself names one.</summary>
    private static JsonNode? Redact(string path, JsonNode? value)
    {
        if (value is null) return null;
        if (IsSecret(LastKey(path))) return JsonValue.Create(Redacted);
        var copy = value.DeepClone();
        RedactInside(copy);
        return copy;
    }

    private static void RedactInside(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).ToList())
                    if (IsSecret(key) && o[key] is not null) o[key] = Redacted;
                    else RedactInside(o[key]);
                break;
            case JsonArray a:
                foreach (var item in a) RedactInside(item);
                break;
        }
    }

    private static string LastKey(string path)
    {
        var trimmed = BracketSuffix().Replace(path, "");
        var i = trimmed.LastIndexOf('.');
        return i < 0 ? trimmed : trimmed[(i + 1)..];
    }

    private static bool IsSecret(string key) => SecretKey().IsMatch(key);

    [GeneratedRegex(@"(\[\d+\])+$")]
    private static partial Regex BracketSuffix();

    /// <summary>Keys whose values are credentials wherever they appear (processor options, remote connections, Kibana attributes).</summary>
    [GeneratedRegex("(password|passwd|secret|api_?key|token|credential|private_?key|authorization)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();
}
