using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Planning;

namespace ControlPlane.Tests.Planning;

/// <summary>Normalization must never hide a real change: a hand edit of any kind shows up with its JSON path.</summary>
public sealed class NormalizationTests
{
    [Theory]
    [InlineData("05-ingest-pipeline-envelope.json", "platform-sales.processors[0].set.value", "\"{{{_ingest.ingest_time}}}\"", "processors[0].set.value")]
    [InlineData("03-index-template-defaults.json", "index_templates[0].index_template.priority", "200", "priority")]
    [InlineData("01-component-template-settings.json", "component_templates[0].component_template.template.settings.index.number_of_shards", "\"2\"", "template.settings.index.number_of_shards")]
    [InlineData("07-transform-server-fields.json", "transforms[0].frequency", "\"5m\"", "frequency")]
    [InlineData("07-transform-server-fields.json", "transforms[0].sync.time.delay", "\"120s\"", "sync.time.delay")]
    [InlineData("06-ilm-policy-defaults.json", "platform-default.policy.phases.delete.min_age", "\"30d\"", "policy.phases.delete.min_age")]
    [InlineData("09-index-mapper-output.json", "platform_sales-v1.mappings.properties.store_id.type", "\"text\"", "mappings.properties.store_id.type")]
    [InlineData("09-index-mapper-output.json", "platform_sales-v1.settings.index.default_pipeline", "\"other\"", "settings.index.default_pipeline")]
    public void AHandEditInTheClusterShowsItsPath(string file, string answerPath, string newValue, string expectedPath)
    {
        var golden = NormalizationGoldenTests.Load(file);
        Set(golden["es_answer"]!, answerPath, JsonNode.Parse(newValue));
        var (desired, live) = NormalizationGoldenTests.Sides(golden);
        Assert.Equal([expectedPath], JsonDiff.Compare(desired, live).Select(d => d.Path));
    }

    [Fact]
    public void AFieldAddedByHandToAPipelineIsAnOnlyLiveDifference()
    {
        var desired = JsonNode.Parse("""{"processors":[{"set":{"field":"a","value":1}}]}""")!.AsObject();
        var live = JsonNode.Parse("""{"processors":[{"set":{"field":"a","value":1,"override":false}}]}""")!.AsObject();
        var difference = Assert.Single(JsonDiff.Compare(AssetNormalizer.Pipeline(desired), AssetNormalizer.Pipeline(live)));
        Assert.Equal(new JsonDifference("processors[0].set.override", DifferenceKind.OnlyLive), difference);
    }

    [Fact]
    public void NumbersCompareByValueButTextAndNumbersDifferOutsideMappings()
    {
        Assert.Empty(JsonDiff.Compare(JsonNode.Parse("""{"a":100}"""), JsonNode.Parse("""{"a":100.0}""")));
        Assert.Single(JsonDiff.Compare(JsonNode.Parse("""{"a":100}"""), JsonNode.Parse("""{"a":"100"}""")));
        Assert.Empty(JsonDiff.Compare(MappingsNormalizer.Normalize(JsonNode.Parse("""{"properties":{"a":{"type":"long","index":false}}}""")!.AsObject()),
            MappingsNormalizer.Normalize(JsonNode.Parse("""{"properties":{"a":{"type":"long","index":"false"}}}""")!.AsObject())));
    }

    [Fact]
    public void SettingsWrittenNestedBareOrDottedFlattenAlike()
    {
        var nested = SettingsFlattener.Flatten(JsonNode.Parse("""{"index":{"number_of_shards":1,"lifecycle":{"name":"p"}}}""")!.AsObject());
        var bare = SettingsFlattener.Flatten(JsonNode.Parse("""{"number_of_shards":"1","lifecycle.name":"p"}""")!.AsObject());
        var dotted = SettingsFlattener.Flatten(JsonNode.Parse("""{"index.number_of_shards":"1","index.lifecycle":{"name":"p"}}""")!.AsObject());
        Assert.Equal("""{"index.lifecycle.name":"p","index.number_of_shards":"1"}""", CanonicalJson.Write(nested));
        Assert.Equal(CanonicalJson.Write(nested), CanonicalJson.Write(bare));
        Assert.Equal(CanonicalJson.Write(nested), CanonicalJson.Write(dotted));
    }

    [Fact]
    public void LiveOnlyFieldsOfANonStrictIndexAreDocumentsNotDrift()
    {
        var desired = MappingsNormalizer.Normalize(JsonNode.Parse("""{"properties":{"a":{"type":"keyword"},"o":{"properties":{"x":{"type":"long"}}}}}""")!.AsObject());
        var live = MappingsNormalizer.Normalize(JsonNode.Parse("""{"properties":{"a":{"type":"keyword"},"extra":{"type":"text"},"o":{"properties":{"x":{"type":"long"},"y":{"type":"long"}}}}}""")!.AsObject());
        MappingsNormalizer.DropLiveOnlyFields(desired, live);
        Assert.Empty(JsonDiff.Compare(desired, live));
    }

    /// <summary>Sets a value at a dotted path with [i] indexes; keys with dots are not needed here.</summary>
    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Replace("[", ".[").Split('.');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
            node = parts[i].StartsWith('[') ? node[int.Parse(parts[i].Trim('[', ']'))]! : node[parts[i]]!;
        var last = parts[^1];
        if (last.StartsWith('[')) node[int.Parse(last.Trim('[', ']'))] = value;
        else node[last] = value;
    }
}
