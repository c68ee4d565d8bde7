using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Planning;

namespace ControlPlane.Tests.Planning;

/// <summary>
/// One golden case per normalization rule (Planning/Golden/*.json): the body we PUT, the answer Elasticsearch gives for it,
/// and the shape both must normalize to. Both sides landing on the golden shape is what keeps a fresh apply free of drift.
/// </summary>
public sealed class NormalizationGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Planning", "Golden"), "*.json").Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheBodyWeSendAndTheAnswerElasticsearchGivesNormalizeToTheGoldenShape(string file)
    {
        var golden = Load(file);
        var (desired, live) = Sides(golden);
        AssertSameJson(golden["normalized"], live, $"{file}: the normalized GET answer");
        AssertSameJson(golden["normalized"], desired, $"{file}: the normalized request body");
        Assert.Empty(JsonDiff.Compare(desired, live));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachRuleIsNeededBecauseTheRawAnswerDiffersFromTheBody(string file)
    {
        var golden = Load(file);
        var kind = golden["kind"]!.ToString();
        var name = golden["name"]!.ToString();
        JsonNode raw = kind == "index"
            ? new JsonObject { ["mappings"] = LiveShapes.Index(golden["es_answer"], name)!.Mappings, ["settings"] = golden["es_answer"]![name]!["settings"]!.DeepClone() }
            : Extract(kind, golden["es_answer"], name);
        Assert.NotEmpty(JsonDiff.Compare(golden["desired"], raw));
    }

    internal static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Planning", "Golden", file)))!.AsObject();

    /// <summary>The desired and live sides of a golden case, each normalized as plan normalizes them.</summary>
    internal static (JsonObject Desired, JsonObject Live) Sides(JsonObject golden)
    {
        var kind = golden["kind"]!.ToString();
        var name = golden["name"]!.ToString();
        var desired = golden["desired"]!.AsObject();
        if (kind != "index")
            return (AssetNormalizer.Normalize(kind, desired), AssetNormalizer.Normalize(kind, Extract(kind, golden["es_answer"], name)));

        // An index is compared on its mappings and on the settings we set (the cluster adds its own).
        var liveIndex = LiveShapes.Index(golden["es_answer"], name) ?? throw new InvalidOperationException($"{name} missing from es_answer");
        var desiredSettings = SettingsFlattener.Flatten(desired["settings"] as JsonObject);
        var liveSettings = new JsonObject();
        foreach (var (key, _) in desiredSettings) liveSettings[key] = liveIndex.Settings[key]?.DeepClone();
        return (
            new JsonObject { ["mappings"] = MappingsNormalizer.Normalize(desired["mappings"] as JsonObject), ["settings"] = desiredSettings },
            new JsonObject { ["mappings"] = MappingsNormalizer.Normalize(liveIndex.Mappings), ["settings"] = liveSettings });
    }

    internal static JsonObject Extract(string kind, JsonNode? answer, string name)
    {
        var all = kind switch
        {
            AssetKinds.ComponentTemplate => LiveShapes.ComponentTemplates(answer),
            AssetKinds.IndexTemplate => LiveShapes.IndexTemplates(answer),
            AssetKinds.IngestPipeline => LiveShapes.Pipelines(answer),
            AssetKinds.IlmPolicy => LiveShapes.IlmPolicies(answer),
            AssetKinds.Transform => LiveShapes.Transforms(answer),
            _ => throw new ArgumentException(kind),
        };
        return all.TryGetValue(name, out var found) ? found : throw new InvalidOperationException($"{kind} {name} missing from es_answer");
    }

    private static void AssertSameJson(JsonNode? expected, JsonNode? actual, string what)
    {
        var differences = JsonDiff.Compare(expected, actual);
        Assert.True(differences.Count == 0,
            $"{what} differs from the golden shape at {string.Join(", ", differences.Select(d => $"{d.Path} ({d.Kind})"))}\nactual: {actual?.ToJsonString()}");
    }
}
