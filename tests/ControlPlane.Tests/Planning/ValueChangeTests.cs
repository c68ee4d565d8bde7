using System.Text.Json.Nodes;
using ControlPlane.Planning;

namespace ControlPlane.Tests.Planning;

public sealed class ValueChangeTests
{
    [Fact]
    public void AnAddedAndARemovedPathShowAbsentOnTheSideThatLacksThem()
    {
        var values = JsonDiff.CompareWithValues(JsonNode.Parse("""{"a": 1, "b": "new"}"""), JsonNode.Parse("""{"b": "old", "c": true}"""));

        Assert.Equal(["a: (absent) → 1", "b: \"old\" → \"new\"", "c: true → (absent)"], values.Select(v => v.ToText()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ALongValueIsShortenedAndSaysHowLongItIs()
    {
        var script = new string('x', 500);
        var value = JsonDiff.CompareWithValues(JsonNode.Parse($$"""{"source": "{{script}}"}"""), JsonNode.Parse("""{"source": "short"}""")).Single();

        var text = value.ToText();
        Assert.StartsWith("source: \"short\" → \"xxx", text);
        Assert.EndsWith("… (502 chars)", text);
        Assert.True(text.Length < 200, text);
        Assert.Equal(script, value.Desired!.ToString()); // plan --json keeps the whole value
    }

    [Fact]
    public void SecretsAreNeverShownOnEitherSideNorInsideAnObject()
    {
        var values = JsonDiff.CompareWithValues(
            JsonNode.Parse("""{"remote": {"password": "desired-pw"}, "conn": {"host": "h2", "api_key": "desired-key"}}"""),
            JsonNode.Parse("""{"remote": {"password": "live-pw"}, "conn": "plain"}"""));

        var shown = string.Join("\n", values.Select(v => v.ToText())) + PlanJsonWriterText(values);
        Assert.DoesNotContain("pw", shown);
        Assert.DoesNotContain("desired-key", shown);
        Assert.Contains("remote.password: (sensitive value) → (sensitive value)", shown);
        Assert.Contains("\"host\":\"h2\"", shown);
    }

    private static string PlanJsonWriterText(IEnumerable<ValueChange> values) =>
        string.Concat(values.Select(v => (v.Live?.ToJsonString() ?? "") + (v.Desired?.ToJsonString() ?? "")));
}
