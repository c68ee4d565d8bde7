namespace ControlPlane.Assets;

/// <summary>One finding of <c>validate</c>: where, and what is wrong. A warning is reported but does not fail validate.</summary>
public sealed record AssetDiagnostic(string File, int Line, string Message, bool Warning = false)
{
    public override string ToString() => Warning ? $"{File}:{Line}: warning: {Message}" : $"{File}:{Line}: {Message}";
}

/// <summary>
/// One family of offline checks run by <c>validate</c> (ES assets, sources, fraud rules, Kibana objects…).
/// Each area registers its own; validate runs them all and reports every diagnostic.
/// </summary>
public interface IAssetCheck
{
    string Name { get; }
    IEnumerable<AssetDiagnostic> Check(AssetRoot root);
}
