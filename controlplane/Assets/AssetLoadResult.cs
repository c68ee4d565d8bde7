namespace ControlPlane.Assets;

/// <summary>The assets that were read well enough to use, and every problem found while reading.</summary>
public sealed record AssetLoadResult(ElasticAssets Assets, IReadOnlyList<AssetDiagnostic> Diagnostics)
{
    /// <summary>The assets, or an <see cref="AssetException"/> naming the first problem (commands other than validate stop there).</summary>
    public ElasticAssets OrThrow()
    {
        if (Diagnostics.Count == 0) return Assets;
        var first = Diagnostics[0];
        var more = Diagnostics.Count > 1 ? $" (and {Diagnostics.Count - 1} more problem(s); run validate to list them)" : "";
        throw new AssetException(first.File, first.Line, first.Message + more);
    }
}
