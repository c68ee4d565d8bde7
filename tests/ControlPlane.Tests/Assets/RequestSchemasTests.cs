using System.Text.Json.Nodes;
using ControlPlane.Assets;

namespace ControlPlane.Tests.Assets;

/// <summary>The embedded validator gives Elastic's own expected strict verdict on every published case.</summary>
public sealed class RequestSchemasTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        var dir = Path.Combine(AppContext.BaseDirectory, "Assets", "SchemaCases");
        foreach (var c in JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "cases.json")))!.AsArray())
            data.Add(c!["op"]!.ToString(), c["file"]!.ToString(), c["strict"]!.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OfficialCasesGetTheirExpectedStrictVerdict(string operation, string file, string expected)
    {
        var body = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Assets", "SchemaCases", file));
        var errors = RequestSchemas.Validate(operation, body);
        Assert.True((errors.Count == 0) == (expected == "valid"), $"{file}: expected {expected}, got [{string.Join("; ", errors)}]");
    }

    [Fact]
    public void ATypoIsNamedByItsPath()
    {
        var errors = RequestSchemas.Validate(RequestSchemas.PutPipeline, """{"processors":[{"set":{"feild":"a","value":1}}]}""");
        Assert.Contains(errors, e => e.Contains("feild"));
    }
}
