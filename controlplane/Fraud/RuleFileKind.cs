using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ControlPlane.Fraud;

/// <summary>The top-level <c>kind</c> of a rule file, so each catalog reads only its own kind from the shared folder.</summary>
public static class RuleFileKind
{
    /// <summary>The kind, or null when the file has none or does not parse (the fraud_rule reader then reports it).</summary>
    public static string? Of(string path)
    {
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path)) stream.Load(reader);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map) return null;
            return map.Children.TryGetValue(new YamlScalarNode("kind"), out var kind) ? (kind as YamlScalarNode)?.Value : null;
        }
        catch (YamlException)
        {
            return null;
        }
    }

    /// <summary>Whether the file is a field or alert rule (read by <see cref="PaymentRuleCatalog"/>, not by <see cref="FraudRuleCatalog"/>).</summary>
    public static bool IsPaymentRule(string path) => Of(path) is PaymentRuleCatalog.FieldRuleKind or PaymentRuleCatalog.AlertRuleKind;
}
