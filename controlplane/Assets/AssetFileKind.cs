using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ControlPlane.Assets;

/// <summary>
/// The top-level <c>kind</c> of a YAML asset file, read cheaply: folders shared by several kinds (sources, fraud rules)
/// let each catalog pick only its own files.
/// </summary>
public static class AssetFileKind
{
    /// <summary>The kind, or null when the file has none or does not parse (its own reader then reports it).</summary>
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
}
