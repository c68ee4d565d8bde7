namespace ControlPlane.Assets;

/// <summary>The findings of one <see cref="IAssetCheck"/>.</summary>
public sealed record CheckReport(string Check, IReadOnlyList<AssetDiagnostic> Diagnostics);

/// <summary>Runs every registered <see cref="IAssetCheck"/> (Elasticsearch assets, sources, fraud rules, Kibana objects…) for <c>validate</c>.</summary>
public sealed class AssetValidator(IEnumerable<IAssetCheck> checks)
{
    public IReadOnlyList<CheckReport> Validate(AssetRoot root)
    {
        if (!Directory.Exists(root.Path)) throw new ArgumentException($"asset root {root.Path} does not exist (--root)");
        return checks.Select(c => new CheckReport(c.Name, Run(c, root))).ToList();
    }

    private static List<AssetDiagnostic> Run(IAssetCheck check, AssetRoot root)
    {
        try
        {
            return check.Check(root).ToList();
        }
        catch (AssetException ex)
        {
            // A check that stops at its first problem still reports it as a finding.
            return [new AssetDiagnostic(ex.File, ex.Line, ex.Problem)];
        }
    }
}
