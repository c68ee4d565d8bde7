using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ControlPlane.Tests.Content;

/// <summary>
/// YAML → JSON for the asset files, with YAML 1.2 core-schema scalars: a plain <c>1</c> is a number,
/// <c>true</c> a boolean, <c>null</c>/<c>~</c> null, a quoted scalar always a string. Enough for the content tests
/// until the engine's reader (with line numbers) can be used instead.
/// </summary>
internal static class YamlJson
{
    public static JsonNode? Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    public static JsonNode? ParseFile(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"{path}:{ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => ConvertMapping(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new InvalidDataException($"line {node.Start.Line}: unsupported YAML node {node.NodeType}"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (obj.ContainsKey(name)) throw new InvalidDataException($"line {key.Start.Line}: duplicate key '{name}'");
            obj[name] = Convert(value);
        }
        return obj;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain) return JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return JsonValue.Create(integer);
        if (text.Any(char.IsDigit) && !text.Contains(':')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return JsonValue.Create(number);
        return JsonValue.Create(text);
    }
}
