using ControlPlane.Assets;

namespace ControlPlane.Fraud;

/// <summary>Which rule catalog reads a file of the shared <c>fraud-rules/</c> folder, by its top-level <c>kind</c>.</summary>
public static class RuleFileKind
{
    /// <summary>Whether the file is a field or alert rule (read by <see cref="PaymentRuleCatalog"/>, not by <see cref="FraudRuleCatalog"/>).</summary>
    public static bool IsPaymentRule(string path) => AssetFileKind.Of(path) is PaymentRuleCatalog.FieldRuleKind or PaymentRuleCatalog.AlertRuleKind;
}
