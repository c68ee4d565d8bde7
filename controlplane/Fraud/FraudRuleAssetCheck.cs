using ControlPlane.Assets;

namespace ControlPlane.Fraud;

/// <summary>The <c>validate</c> check of <c>elastic-assets/fraud-rules/</c>: every rule file must load.</summary>
public sealed class FraudRuleAssetCheck : IAssetCheck
{
    public string Name => "fraud rules";

    public IEnumerable<AssetDiagnostic> Check(AssetRoot root) => FraudRuleCatalog.Check(root);
}
