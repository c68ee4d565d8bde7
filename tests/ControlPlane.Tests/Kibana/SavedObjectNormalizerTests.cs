using ControlPlane.Planning;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Kibana;

namespace ControlPlane.Tests.Kibana;

/// <summary>
/// Golden files: <c>Golden/export-8.15.ndjson</c> is what Kibana 8.15's <c>_export</c> returns for three of our objects
/// (Kibana's own fields, keys in its order, a re-serialized panelsJSON, references reordered, the summary line);
/// <c>Golden/export-8.15.normalized.json</c> is what drift compares. Set UPDATE_GOLDEN=1 to rewrite the expected file.
/// </summary>
public sealed class SavedObjectNormalizerTests
{
    private static readonly string GoldenDir = Path.Combine(KibanaTestSupport.RepositoryRoot, "tests", "ControlPlane.Tests", "Kibana", "Golden");
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static IReadOnlyList<JsonObject> Export() =>
        KibanaClient.ParseExport(File.ReadAllBytes(Path.Combine(GoldenDir, "export-8.15.ndjson")));

    [Fact]
    public void AnExportNormalizesToTheGoldenFile()
    {
        var actual = new JsonArray(Export().Select(o => (JsonNode)SavedObjectNormalizer.Normalize(o)).ToArray()).ToJsonString(Indented);
        var expectedPath = Path.Combine(GoldenDir, "export-8.15.normalized.json");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1") File.WriteAllText(expectedPath, actual + "\n");
        Assert.Equal(File.ReadAllText(expectedPath).TrimEnd(), actual);
    }

    [Fact]
    public void TheSummaryLineIsNotAnObject()
    {
        Assert.Equal(["index-pattern", "lens", "dashboard"], Export().Select(o => o["type"]!.ToString()));
    }

    [Fact]
    public void KibanasOwnFieldsAndReformattedJsonStringsAreNotDrift()
    {
        var shipped = SavedObjectFiles.Read(KibanaTestSupport.RepositoryAssets).Objects.ToDictionary(o => o.Key);
        foreach (var exported in Export())
        {
            var key = new SavedObjectKey(exported["type"]!.ToString(), exported["id"]!.ToString());
            Assert.NotEqual(shipped[key].Json.ToJsonString(), exported.ToJsonString());
            Assert.Empty(JsonDiff.ChangedPaths(SavedObjectNormalizer.Normalize(shipped[key].Json), SavedObjectNormalizer.Normalize(exported)));
        }
    }

    [Fact]
    public void ARealChangeIsReportedAtItsPathInsideTheParsedJsonString()
    {
        var dashboard = Export().Single(o => o["type"]!.ToString() == "dashboard");
        var edited = (JsonObject)dashboard.DeepClone();
        var panels = JsonNode.Parse(edited["attributes"]!["panelsJSON"]!.ToString())!.AsArray();
        panels[2]!["gridData"]!["w"] = 24;
        edited["attributes"]!["panelsJSON"] = panels.ToJsonString();
        edited["attributes"]!["title"] = "Store sales (renamed in Kibana)";
        edited["updated_at"] = "2030-01-01T00:00:00.000Z";

        var paths = JsonDiff.ChangedPaths(SavedObjectNormalizer.Normalize(dashboard), SavedObjectNormalizer.Normalize(edited));

        Assert.Equal(["attributes.panelsJSON[2].gridData.w", "attributes.title"], paths);
    }

    [Fact]
    public void PlainTextThatLooksLikeJsonButIsNotStaysText()
    {
        var o = JsonNode.Parse("""{"type":"lens","id":"x","attributes":{"description":"[draft] {see notes}","title":"{\"a\":1}"}}""")!.AsObject();
        var n = SavedObjectNormalizer.Normalize(o);
        Assert.Equal("[draft] {see notes}", n["attributes"]!["description"]!.GetValue<string>());
        Assert.Equal(1, n["attributes"]!["title"]!["a"]!.GetValue<int>());
        Assert.Equal(Encoding.UTF8.GetByteCount(n.ToJsonString()), Encoding.UTF8.GetByteCount(SavedObjectNormalizer.Normalize(n).ToJsonString()));
    }
}
