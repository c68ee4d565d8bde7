using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Tests.Planning;

namespace ControlPlane.Tests.Cli;

public sealed class RenderCommandTests : IDisposable
{
    private readonly FixtureTree _tree = FixtureTree.Copy();
    private readonly string _out = Path.Combine(Path.GetTempPath(), $"cp-render-{Guid.NewGuid():N}");

    public void Dispose()
    {
        _tree.Dispose();
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public async Task WritesEveryRequestInApplyOrderWithAManifest()
    {
        var result = await CliRunner.RunAsync("render", "--root", _tree.Path, "--out", _out);
        Assert.True(result.ExitCode == 0, result.ToString());

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "manifest.json")))!.AsArray();
        Assert.Equal(15, manifest.Count);
        Assert.Equal(Enumerable.Range(1, 15), manifest.Select(e => e!["order"]!.GetValue<int>()));
        Assert.Equal(
            """{"order":1,"kind":"ilm_policy","name":"platform-default","method":"PUT","path":"_ilm/policy/platform-default","file":"001-ilm_policy-platform-default.json"}""",
            manifest[0]!.ToJsonString());
        Assert.Equal(
            """{"order":9,"kind":"index","name":"platform_sales-v1","method":"PUT","path":"platform_sales-v1","file":"009-index-platform_sales-v1.json"}""",
            manifest[8]!.ToJsonString());
        Assert.Equal(
            """{"order":12,"kind":"transform","name":"platform_sales_per_price-v1","method":"POST","path":"_transform/platform_sales_per_price-v1/_start","file":null}""",
            manifest[11]!.ToJsonString());

        var written = Directory.EnumerateFiles(_out).Select(Path.GetFileName).Where(f => f != "manifest.json").Order().ToList();
        Assert.Equal(manifest.Select(e => e!["file"]?.ToString()).OfType<string>().Order(), written);
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "009-index-platform_sales-v1.json")))!;
        Assert.True(index["aliases"]!["platform_sales"]!["is_write_index"]!.GetValue<bool>());
    }

    [Fact]
    public async Task EveryRenderedBodyConformsToItsOfficialSchema()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("render", "--root", _tree.Path, "--out", _out)).ExitCode);
        foreach (var entry in JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "manifest.json")))!.AsArray())
        {
            if (entry!["file"]?.ToString() is not { } file) continue;
            var operation = entry["kind"]!.ToString() == AssetKinds.Index ? RequestSchemas.CreateIndex : AssetKinds.Operation(entry["kind"]!.ToString());
            Assert.True(RequestSchemas.Validate(operation, File.ReadAllText(Path.Combine(_out, file))) is { Count: 0 }, $"{file} does not conform to {operation}");
        }
    }

    [Fact]
    public async Task ANonEmptyFolderIsRefused()
    {
        Directory.CreateDirectory(_out);
        File.WriteAllText(Path.Combine(_out, "old.json"), "{}");
        var result = await CliRunner.RunAsync("render", "--root", _tree.Path, "--out", _out);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not empty", result.Err);
        Assert.Equal(["old.json"], Directory.EnumerateFiles(_out).Select(Path.GetFileName));
    }

    [Fact]
    public async Task InvalidAssetsAreNotRendered()
    {
        _tree.Replace("pipelines/platform-sales.yml", "version: 1", "version: zero");
        var result = await CliRunner.RunAsync("render", "--root", _tree.Path, "--out", _out);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pipelines/platform-sales.yml:3: version must be an integer ≥ 1", result.Err);
        Assert.False(Directory.Exists(_out));
    }
}
