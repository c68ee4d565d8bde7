using System.Globalization;
using ControlPlane.Assets;
using YamlDotNet.RepresentationModel;

namespace ControlPlane.Fraud;

/// <summary>Reads and checks <c>elastic-assets/fraud-rules/*.yml</c>; every problem names <c>file:line</c>.</summary>
public static class FraudRuleCatalog
{
    public const string Kind = "fraud_rule";

    private static readonly HashSet<string> Keys =
        ["kind", "name", "version", "description", "enabled", "aov_multiplier", "min_repeats", "window_days"];

    /// <summary>Every rule, ordered by name; throws <see cref="AssetException"/> on the first problem.</summary>
    public static IReadOnlyList<FraudRule> Load(AssetRoot root)
    {
        var rules = new List<FraudRule>();
        foreach (var file in Files(root))
        {
            var (rule, problems) = Read(root, file);
            if (problems.Count > 0) throw new AssetException(problems[0].File, problems[0].Line, problems[0].Message);
            rules.Add(rule!);
        }
        return rules;
    }

    /// <summary>The enabled rules, ordered by name.</summary>
    public static IReadOnlyList<FraudRule> LoadEnabled(AssetRoot root) => Load(root).Where(r => r.Enabled).ToList();

    /// <summary>Every problem of every rule file, for <c>validate</c>.</summary>
    public static IReadOnlyList<AssetDiagnostic> Check(AssetRoot root) =>
        Files(root).SelectMany(f => Read(root, f).Problems).ToList();

    private static IEnumerable<string> Files(AssetRoot root) =>
        RuleFileKind.Files(root).Where(f => !RuleFileKind.IsPaymentRule(f)); // field and alert rules: PaymentRuleCatalog

    /// <summary>One file: the rule when it is valid, and every problem found.</summary>
    public static (FraudRule? Rule, IReadOnlyList<AssetDiagnostic> Problems) Read(AssetRoot root, string path)
    {
        var file = root.Relative(path);
        var problems = new List<AssetDiagnostic>();
        void Problem(int line, string message) => problems.Add(new AssetDiagnostic(file, line, message));

        if (YamlAssetFile.ReadMapping(root, path, "a fraud rule file must be a YAML mapping (kind, name, version, …)", Problem) is not { } map)
            return (null, problems);

        var fields = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var line = (int)keyNode.Start.Line;
            if (!Keys.Contains(key)) { Problem(line, $"unknown key '{key}' (allowed: {string.Join(", ", Keys)})"); continue; }
            if (valueNode is not YamlScalarNode scalar) { Problem(line, $"'{key}' must be a single value"); continue; }
            fields[key] = (scalar.Value ?? "", (int)valueNode.Start.Line);
        }

        string? Text(string key, bool required)
        {
            if (fields.TryGetValue(key, out var f) && f.Value.Length > 0) return f.Value;
            if (required) Problem(1, $"missing required key '{key}'");
            return null;
        }
        int LineOf(string key) => fields.TryGetValue(key, out var f) ? f.Line : 1;

        var kind = Text("kind", required: true);
        if (kind is not null && kind != Kind) Problem(LineOf("kind"), $"kind must be '{Kind}', not '{kind}'");

        var name = Text("name", required: true);
        var expectedName = Path.GetFileNameWithoutExtension(path);
        if (name is not null && name != expectedName) Problem(LineOf("name"), $"name '{name}' must match the file name '{expectedName}'");

        var version = Integer("version", 1, 1_000_000, required: true);
        var windowDays = Integer("window_days", 1, 366, required: true);
        var minRepeats = Integer("min_repeats", 1, 1000, required: true);

        decimal multiplier = 0;
        if (Text("aov_multiplier", required: true) is { } m2
            && (!decimal.TryParse(m2, NumberStyles.Float, CultureInfo.InvariantCulture, out multiplier) || multiplier <= 0 || multiplier > 1000))
            Problem(LineOf("aov_multiplier"), $"aov_multiplier '{m2}' must be a number greater than 0 (e.g. 2)");

        var enabled = true;
        if (Text("enabled", required: false) is { } e && !bool.TryParse(e, out enabled))
            Problem(LineOf("enabled"), $"enabled '{e}' must be true or false");

        if (problems.Count > 0) return (null, problems);
        var description = fields.TryGetValue("description", out var d) ? d.Value : null;
        return (new FraudRule(name!, version, description, enabled, multiplier, minRepeats, windowDays, file), problems);

        int Integer(string key, int min, int max, bool required)
        {
            if (Text(key, required) is not { } text) return 0;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                Problem(LineOf(key), $"{key} '{text}' must be an integer from {min} to {max}");
            return value;
        }
    }
}
