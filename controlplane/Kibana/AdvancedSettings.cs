using System.Text.Json.Nodes;
using ControlPlane.Assets;

namespace ControlPlane.Kibana;

/// <summary>
/// The space-wide Kibana advanced settings the dashboards need (<c>kibana-saved-objects/advanced-settings.yml</c>, e.g.
/// <c>dateFormat:tz</c>): names and values. Empty when the file is absent.
/// </summary>
public sealed record AdvancedSettings(string File, IReadOnlyDictionary<string, JsonNode> Values)
{
    public const string FileName = "advanced-settings.yml";

    /// <summary>Plan kind of a setting: <c>~ kibana/advanced-setting dateFormat:tz (userValue)</c>.</summary>
    public const string Kind = KibanaPlanSection.KindPrefix + "advanced-setting";

    /// <summary>Reads the file; a malformed one is an <see cref="AssetException"/> naming <c>file:line</c>.</summary>
    public static AdvancedSettings Load(AssetRoot root)
    {
        var path = Path.Combine(root.KibanaSavedObjects, FileName);
        var file = root.Relative(path);
        var values = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        if (!System.IO.File.Exists(path)) return new AdvancedSettings(file, values);
        var document = YamlJsonReader.Read(System.IO.File.ReadAllText(path), file);
        if (document.Root is not JsonObject root1 || root1["settings"] is not JsonObject settings || settings.Count == 0)
            throw new AssetException(file, document.LineOf("settings"), "expected `settings:` holding at least one `name: value` (e.g. \"dateFormat:tz\": Asia/Seoul)");
        foreach (var unknown in root1.Select(kv => kv.Key).Where(k => k != "settings"))
            throw new AssetException(file, document.LineOf(unknown), $"unknown key '{unknown}': only `settings:` is read");
        foreach (var (name, value) in settings)
        {
            if (value is not JsonValue)
                throw new AssetException(file, document.LineOf("settings"), $"setting '{name}' must be a string, number or boolean");
            values[name] = value.DeepClone();
        }
        return new AdvancedSettings(file, values);
    }
}
