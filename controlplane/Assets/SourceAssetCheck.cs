using ControlPlane.Sources;

namespace ControlPlane.Assets;

/// <summary><c>validate</c>'s check of <c>elastic-assets/sources/</c>: the loader's own reader, so validate and load agree.</summary>
public sealed class SourceAssetCheck : IAssetCheck
{
    public string Name => "sources";

    public IEnumerable<AssetDiagnostic> Check(AssetRoot root)
    {
        try
        {
            SourceCatalog.Load(root);
            return [];
        }
        catch (AssetException ex)
        {
            return [new AssetDiagnostic(ex.File, ex.Line, ex.Problem)];
        }
    }
}
