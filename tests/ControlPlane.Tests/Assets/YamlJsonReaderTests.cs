using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Assets;

namespace ControlPlane.Tests.Assets;

public sealed class YamlJsonReaderTests
{
    [Fact]
    public void PlainScalarsAreTypedByTheYaml12CoreSchemaAndQuotedOnesStayText()
    {
        var doc = YamlJsonReader.Read("""
            int: 42
            negative: -7
            hex: 0x1F
            octal: 0o17
            float: 1.5
            exp: 1e3
            yes_is_text: yes
            on_is_text: on
            bool: true
            null_word: null
            tilde: ~
            empty:
            date_is_text: 2024-01-01
            quoted_int: "42"
            single_quoted_bool: 'true'
            duration: 60s
            tagged: !!str 12
            literal: |
              line one
            last: 1
            """, "f.yml");
        var o = doc.Root!.AsObject();
        Assert.Equal(42L, o["int"]!.GetValue<long>());
        Assert.Equal(-7L, o["negative"]!.GetValue<long>());
        Assert.Equal(31L, o["hex"]!.GetValue<long>());
        Assert.Equal(15L, o["octal"]!.GetValue<long>());
        Assert.Equal(1.5, o["float"]!.GetValue<double>());
        Assert.Equal(1000.0, o["exp"]!.GetValue<double>());
        Assert.Equal("yes", o["yes_is_text"]!.GetValue<string>());
        Assert.Equal("on", o["on_is_text"]!.GetValue<string>());
        Assert.True(o["bool"]!.GetValue<bool>());
        Assert.True(o.ContainsKey("null_word") && o["null_word"] is null);
        Assert.Null(o["tilde"]);
        Assert.Null(o["empty"]);
        Assert.Equal("2024-01-01", o["date_is_text"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, o["quoted_int"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, o["single_quoted_bool"]!.GetValueKind());
        Assert.Equal("60s", o["duration"]!.GetValue<string>());
        Assert.Equal("12", o["tagged"]!.GetValue<string>());
        Assert.Equal("line one\n", o["literal"]!.GetValue<string>());
    }

    [Fact]
    public void EveryKeyAndSequenceItemHasItsLine()
    {
        var doc = YamlJsonReader.Read("""
            kind: ingest_pipeline
            body:
              processors:
                - set:
                    field: a
                - trim: { field: b }
            """, "p.yml");
        Assert.Equal(1, doc.LineOf("kind"));
        Assert.Equal(3, doc.LineOf("body.processors"));
        Assert.Equal(4, doc.LineOf("body.processors[0]"));
        Assert.Equal(5, doc.LineOf("body.processors[0].set.field"));
        Assert.Equal(6, doc.LineOf("body.processors[1].trim.field"));
        // A path we add (or a schema error about a missing key) falls back to its nearest ancestor.
        Assert.Equal(6, doc.LineOf("body.processors[1].trim.tag"));
        Assert.Equal(2, doc.LineOf("body._meta.managed_by"));
    }

    [Fact]
    public void MalformedYamlIsReportedAtItsLineWithYamlDotNetsReason()
    {
        var ex = Assert.Throws<AssetException>(() => YamlJsonReader.Read("kind: index\nbody:\n  a: [1, 2\n  b: 3\n", "elastic-assets/indices/x.yml"));
        Assert.Equal("elastic-assets/indices/x.yml", ex.File);
        Assert.InRange(ex.Line, 3, 5);
        Assert.StartsWith($"elastic-assets/indices/x.yml:{ex.Line}: ", ex.Message);
        Assert.DoesNotContain("(Line:", ex.Problem);
        Assert.False(string.IsNullOrWhiteSpace(ex.Problem));
    }

    [Fact]
    public void ADuplicateKeyIsAnErrorAtItsLine()
    {
        var ex = Assert.Throws<AssetException>(() => YamlJsonReader.Read("a: 1\nb: 2\na: 3\n", "d.yml"));
        Assert.Equal(3, ex.Line);
        Assert.Contains("Duplicate key", ex.Problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AnchorsAndAliasesResolveToTheSameContent()
    {
        var doc = YamlJsonReader.Read("base: &b { type: keyword }\ncopy: *b\n", "a.yml");
        Assert.Equal(doc.Root!["base"]!.ToJsonString(), doc.Root["copy"]!.ToJsonString());
    }

    [Fact]
    public void TwoDocumentsInOneFileAreRefused()
    {
        var ex = Assert.Throws<AssetException>(() => YamlJsonReader.Read("a: 1\n---\nb: 2\n", "two.yml"));
        Assert.Equal(3, ex.Line);
    }
}
