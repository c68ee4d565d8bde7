using ControlPlane.Assets;

namespace ControlPlane.Streaming;

/// <summary><c>validate</c>'s check of the stream sources in <c>elastic-assets/sources/</c>: the streaming loader's own reader.</summary>
public sealed class StreamSourceAssetCheck : IAssetCheck
{
    public string Name => "stream sources";

    public IEnumerable<AssetDiagnostic> Check(AssetRoot root)
    {
        try
        {
            StreamSourceCatalog.Load(root);
            return [];
        }
        catch (AssetException ex)
        {
            return [new AssetDiagnostic(ex.File, ex.Line, ex.Problem)];
        }
    }
}
