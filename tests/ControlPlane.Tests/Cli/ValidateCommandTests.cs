using ControlPlane.Tests.Planning;

namespace ControlPlane.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly FixtureTree _tree = FixtureTree.Copy();
    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task ACleanTreeExitsZeroWithASummary()
    {
        var result = await CliRunner.RunAsync("validate", "--root", _tree.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("validate: no problems in ", result.Out);
        Assert.Equal("", result.Err);
    }

    [Fact]
    public async Task EveryProblemIsOneFileLineMessageOnStderrAndTheExitCodeIsOne()
    {
        _tree.Write("elastic-assets/component-templates/broken.yml", "kind: component_template\nname: broken\nversion: 1\nbody:\n  template: {settings: [1, 2\n");
        _tree.Replace("elastic-assets/component-templates/common-settings.yml", "version: 1\n", "");
        _tree.Replace("pipelines/platform-sales.yml", "    - set:\n        tag: stamp-ingested-at", "    - sett:\n        tag: stamp-ingested-at");
        _tree.Replace("elastic-assets/index-templates/platform_sales.yml", "default_pipeline: platform-sales", "default_pipeline: nowhere");

        var result = await CliRunner.RunAsync("validate", "--root", _tree.Path);
        Assert.Equal(1, result.ExitCode);
        var lines = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("elastic-assets/component-templates/broken.yml:", StringComparison.Ordinal));
        Assert.Contains("elastic-assets/component-templates/common-settings.yml:1: missing required field 'version'", lines);
        Assert.Contains(lines, l => l.StartsWith("pipelines/platform-sales.yml:8: body.processors[0].sett: unknown key 'sett'", StringComparison.Ordinal));
        Assert.Contains("elastic-assets/index-templates/platform_sales.yml:11: index.default_pipeline names pipeline 'nowhere', which is not defined in pipelines/", lines);
        Assert.StartsWith("validate: 4 problem(s) in 4 file(s)", lines[^1]);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task SourcesAreCheckedToo()
    {
        _tree.Write("elastic-assets/sources/shop.yml", "kind: source\nname: shop\nversion: 1\ntable: orders\nplatform: shop\nschedule: every day\n");
        var result = await CliRunner.RunAsync("validate", "--root", _tree.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("elastic-assets/sources/shop.yml:1: schedule 'every day' is not a 5-field cron expression", result.Err);
    }

    [Fact]
    public async Task AMissingRootIsAnErrorNotAnEmptySuccess()
    {
        var result = await CliRunner.RunAsync("validate", "--root", Path.Combine(_tree.Path, "nope"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not exist", result.Err);
    }

    [Fact]
    public async Task AFolderWithoutAssetsIsAnErrorNotAnEmptySuccess()
    {
        var empty = Directory.CreateTempSubdirectory("cp-no-assets-").FullName;
        try
        {
            foreach (var command in new[] { "validate", "plan" })
            {
                var result = await CliRunner.RunAsync(command, "--root", empty, "--es-url", "http://127.0.0.1:1/");
                Assert.Equal(1, result.ExitCode);
                Assert.Contains("no asset folders", result.Err);
            }
        }
        finally { Directory.Delete(empty, recursive: true); }
    }
}
