using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ControlPlane.Assets;

/// <summary>
/// Reads one YAML document into a <see cref="JsonNode"/> through YamlDotNet's representation model, keeping the line of
/// every node. Plain scalars are typed by the YAML 1.2 core schema (so <c>2024-01-01</c> and <c>on</c> stay strings);
/// quoted and block scalars are always strings; explicit tags (<c>!!str</c>, <c>!!int</c>…) win.
/// </summary>
public static partial class YamlJsonReader
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    public static YamlJsonDocument Read(string text, string file)
    {
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            throw new AssetException(file, LineOf(ex.Start), Reason(ex));
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner sometimes fails this way (an unclosed [ or { at the end); the last event it read is the best position.
            throw new AssetException(file, parser.LastLine, $"malformed YAML after this line: look for an unclosed [, {{ or quote (YamlDotNet: {ex.Message})");
        }
        if (stream.Documents.Count == 0) throw new AssetException(file, 1, "empty file");
        if (stream.Documents.Count > 1)
            throw new AssetException(file, LineOf(stream.Documents[1].RootNode.Start), "more than one YAML document: one asset per file");
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var rootNode = stream.Documents[0].RootNode;
        lines[""] = LineOf(rootNode.Start);
        return new YamlJsonDocument(file, Convert(rootNode, "", lines, file), lines);
    }

    private static JsonNode? Convert(YamlNode node, string path, Dictionary<string, int> lines, string file)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in map.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } key })
                        throw new AssetException(file, LineOf(keyNode.Start), "mapping keys must be plain text");
                    var child = JsonPaths.Child(path, key);
                    lines[child] = LineOf(keyNode.Start);
                    obj[key] = Convert(valueNode, child, lines, file);
                }
                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    var child = JsonPaths.Item(path, i);
                    lines[child] = LineOf(seq.Children[i].Start);
                    array.Add(Convert(seq.Children[i], child, lines, file));
                }
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar, file);
            default:
                throw new AssetException(file, LineOf(node.Start), $"unsupported YAML node {node.NodeType}");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar, string file)
    {
        var value = scalar.Value ?? "";
        var tag = scalar.Tag;
        if (!tag.IsEmpty && !tag.IsNonSpecific)
        {
            var name = tag.Value.StartsWith(TagPrefix, StringComparison.Ordinal) ? tag.Value[TagPrefix.Length..] : tag.Value;
            return name switch
            {
                "str" => JsonValue.Create(value),
                "null" => null,
                "bool" => Bool(value) is { } b ? JsonValue.Create(b) : throw new AssetException(file, LineOf(scalar.Start), $"'{value}' is not a boolean"),
                "int" => Integer(value) ?? throw new AssetException(file, LineOf(scalar.Start), $"'{value}' is not an integer"),
                "float" => Float(value) ?? throw new AssetException(file, LineOf(scalar.Start), $"'{value}' is not a number"),
                _ => JsonValue.Create(value),
            };
        }
        // Quoted, literal (|) and folded (>) scalars, and the non-specific tag "!", are strings by definition.
        if (scalar.Style != ScalarStyle.Plain || tag.IsNonSpecific) return JsonValue.Create(value);
        if (value.Length == 0 || value is "~" or "null" or "Null" or "NULL") return null;
        if (Bool(value) is { } flag) return JsonValue.Create(flag);
        return Integer(value) ?? Float(value) ?? JsonValue.Create(value);
    }

    private static bool? Bool(string v) => v switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    private static JsonNode? Integer(string v)
    {
        if (DecimalInt().IsMatch(v))
        {
            if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
            if (decimal.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
            return null;
        }
        if (v.StartsWith("0o", StringComparison.Ordinal) && OctalDigits().IsMatch(v[2..]))
            return JsonValue.Create(System.Convert.ToInt64(v[2..], 8));
        if (v.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(v[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            return JsonValue.Create(hex);
        return null;
    }

    // .inf and .nan have no JSON form, so they stay text.
    private static JsonNode? Float(string v) =>
        CoreFloat().IsMatch(v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? JsonValue.Create(d) : null;

    /// <summary>Remembers where the last parsed event ended, for errors that carry no position.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public int LastLine { get; private set; } = 1;
        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } e) LastLine = LineOf(e.End);
            return moved;
        }
    }

    private static int LineOf(Mark mark) => (int)Math.Max(1, mark.Line);

    /// <summary>YamlDotNet's own reason without the "(Line: 3, Col: 1, Idx: 20) - (…): " prefix, which file:line already says.</summary>
    private static string Reason(YamlException ex) => LocationPrefix().Replace(ex.Message, "").Trim();

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInt();

    [GeneratedRegex(@"^[0-7]+$")]
    private static partial Regex OctalDigits();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex CoreFloat();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex LocationPrefix();
}
