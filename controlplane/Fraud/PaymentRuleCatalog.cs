using System.Globalization;
using ControlPlane.Assets;
using YamlDotNet.RepresentationModel;

namespace ControlPlane.Fraud;

/// <summary>
/// Reads and checks the field rules (<c>kind: field_rule</c>) and alert rules (<c>kind: alert_rule</c>) of
/// <c>elastic-assets/fraud-rules/</c>, beside the AOV rules <see cref="FraudRuleCatalog"/> reads; every problem names <c>file:line</c>.
/// </summary>
public static class PaymentRuleCatalog
{
    public const string FieldRuleKind = "field_rule";
    public const string AlertRuleKind = "alert_rule";

    private static readonly HashSet<string> FieldRuleKeys = ["kind", "name", "version", "description", "enabled", "match"];
    private static readonly HashSet<string> AlertRuleKeys = ["kind", "name", "version", "description", "enabled", "when_flagged", "match", "severity"];
    private static readonly HashSet<string> ConditionKeys = ["field", "any_of", "ignore_case"];
    private static readonly HashSet<string> Severities = ["low", "medium", "high", "critical"];

    /// <summary>The enabled field rules, ordered by name; throws <see cref="AssetException"/> on the first problem of any rule file.</summary>
    public static IReadOnlyList<FieldRule> LoadFieldRules(AssetRoot root) => LoadAll(root).Fields.Where(r => r.Enabled).ToList();

    /// <summary>The enabled alert rules, ordered by name; throws <see cref="AssetException"/> on the first problem of any rule file.</summary>
    public static IReadOnlyList<AlertRule> LoadAlertRules(AssetRoot root) => LoadAll(root).Alerts.Where(r => r.Enabled).ToList();

    /// <summary>Every problem of every field and alert rule file, for <c>validate</c>.</summary>
    public static IReadOnlyList<AssetDiagnostic> Check(AssetRoot root) => Files(root).SelectMany(f => Read(root, f).Problems).ToList();

    private static (List<FieldRule> Fields, List<AlertRule> Alerts) LoadAll(AssetRoot root)
    {
        var (fields, alerts) = (new List<FieldRule>(), new List<AlertRule>());
        foreach (var file in Files(root))
        {
            var (rule, problems) = Read(root, file);
            if (problems.Count > 0) throw new AssetException(problems[0].File, problems[0].Line, problems[0].Message);
            if (rule is FieldRule f) fields.Add(f); else if (rule is AlertRule a) alerts.Add(a);
        }
        return (fields, alerts);
    }

    private static IEnumerable<string> Files(AssetRoot root) => RuleFileKind.Files(root).Where(RuleFileKind.IsPaymentRule);

    /// <summary>One file: the <see cref="FieldRule"/> or <see cref="AlertRule"/> when it is valid, and every problem found.</summary>
    public static (object? Rule, IReadOnlyList<AssetDiagnostic> Problems) Read(AssetRoot root, string path)
    {
        var file = root.Relative(path);
        var problems = new List<AssetDiagnostic>();
        void Problem(int line, string message) => problems.Add(new AssetDiagnostic(file, line, message));

        if (YamlAssetFile.ReadMapping(root, path, "a rule file must be a YAML mapping", Problem) is not { } map) return (null, problems);

        var kind = Scalar(map, "kind")?.Value;
        var isAlert = kind == AlertRuleKind;
        var allowed = isAlert ? AlertRuleKeys : FieldRuleKeys;
        foreach (var key in map.Children.Keys)
            if (key is YamlScalarNode k && !allowed.Contains(k.Value ?? ""))
                Problem((int)k.Start.Line, $"unknown key '{k.Value}' in a {kind} (allowed: {string.Join(", ", allowed)})");

        var name = Required("name");
        var expectedName = Path.GetFileNameWithoutExtension(path);
        if (name is not null && name != expectedName) Problem(LineOf("name"), $"name '{name}' must match the file name '{expectedName}'");
        var version = 0;
        if (Required("version") is { } v && (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out version) || version < 1))
            Problem(LineOf("version"), $"version '{v}' must be a positive integer");
        var enabled = Flag("enabled", true);
        var whenFlagged = isAlert && Flag("when_flagged", true);
        var severity = Scalar(map, "severity")?.Value ?? "high";
        if (isAlert && !Severities.Contains(severity)) Problem(LineOf("severity"), $"severity '{severity}' must be one of {string.Join(", ", Severities)}");

        var conditions = new List<FieldCondition>();
        if (!map.Children.TryGetValue(new YamlScalarNode("match"), out var matchNode) || matchNode is not YamlSequenceNode list || list.Children.Count == 0)
        {
            if (!isAlert || !whenFlagged) Problem(LineOf("match"), "match must be a list of at least one {field, any_of} condition");
        }
        else
        {
            foreach (var item in list.Children)
            {
                var line = (int)item.Start.Line;
                if (item is not YamlMappingNode c) { Problem(line, "each match entry must be a mapping {field, any_of, ignore_case}"); continue; }
                foreach (var key in c.Children.Keys)
                    if (key is YamlScalarNode k && !ConditionKeys.Contains(k.Value ?? "")) Problem((int)k.Start.Line, $"unknown key '{k.Value}' in a condition (allowed: field, any_of, ignore_case)");
                var field = Scalar(c, "field")?.Value;
                if (field is null || !PaymentFields.Names.Contains(field)) { Problem(line, $"field '{field}' must be one of {string.Join(", ", PaymentFields.Names)}"); continue; }
                if (!c.Children.TryGetValue(new YamlScalarNode("any_of"), out var anyNode) || anyNode is not YamlSequenceNode values || values.Children.Count == 0
                    || values.Children.Any(x => x is not YamlScalarNode { Value.Length: > 0 }))
                {
                    Problem(line, "any_of must be a non-empty list of values");
                    continue;
                }
                var ignoreCaseText = Scalar(c, "ignore_case")?.Value ?? "true";
                if (!bool.TryParse(ignoreCaseText, out var ignoreCase)) { Problem(line, $"ignore_case '{ignoreCaseText}' must be true or false"); continue; }
                conditions.Add(new FieldCondition(field, values.Children.Select(x => ((YamlScalarNode)x).Value!.Trim()).ToList(), ignoreCase));
            }
        }

        if (problems.Count > 0) return (null, problems);
        var description = Scalar(map, "description")?.Value;
        object rule = isAlert
            ? new AlertRule(name!, version, description, enabled, whenFlagged, conditions, severity, file)
            : new FieldRule(name!, version, description, enabled, conditions, file);
        return (rule, problems);

        string? Required(string key)
        {
            if (Scalar(map, key)?.Value is { Length: > 0 } value) return value;
            Problem(1, $"missing required key '{key}'");
            return null;
        }
        bool Flag(string key, bool fallback)
        {
            if (Scalar(map, key)?.Value is not { } text) return fallback;
            if (bool.TryParse(text, out var value)) return value;
            Problem(LineOf(key), $"{key} '{text}' must be true or false");
            return fallback;
        }
        int LineOf(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (int)node.Start.Line : 1;
    }

    private static YamlScalarNode? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node as YamlScalarNode : null;
}
