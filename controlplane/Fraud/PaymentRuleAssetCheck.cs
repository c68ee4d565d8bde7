using ControlPlane.Assets;

namespace ControlPlane.Fraud;

/// <summary>The <c>validate</c> check of the field and alert rules in <c>elastic-assets/fraud-rules/</c>.</summary>
public sealed class PaymentRuleAssetCheck : IAssetCheck
{
    public string Name => "field and alert rules";

    public IEnumerable<AssetDiagnostic> Check(AssetRoot root) => PaymentRuleCatalog.Check(root);
}
