namespace ControlPlane.Assets;

/// <summary>One finding of <c>validate</c>: where, and what is wrong.</summary>
public sealed record AssetDiagnostic(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
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
