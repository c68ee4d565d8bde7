using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ControlPlane.Assets;

/// <summary>An asset file read as one YAML mapping (strict UTF-8, as every asset), each problem reported at its line.</summary>
public static class YamlAssetFile
{
    /// <summary>
    /// The file's top-level mapping, or null after reporting why there is none: a YAML error at its line, text that is not
    /// UTF-8, or <paramref name="notAMapping"/> (line 1) when the file holds no mapping.
    /// </summary>
    public static YamlMappingNode? ReadMapping(AssetRoot root, string path, string notAMapping, Action<int, string> problem)
    {
        try
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(AssetText.Read(root, path))) stream.Load(reader);
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode map) return map;
            problem(1, notAMapping);
        }
        catch (YamlException ex)
        {
            problem((int)ex.Start.Line, (ex.InnerException?.Message ?? ex.Message).Trim());
        }
        catch (AssetException ex)
        {
            problem(ex.Line, ex.Problem);
        }
        return null;
    }
}
