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
    public async Task TheSuccessLineSaysHowManyAssetsOfEachKindWereChecked()
    {
        var result = await CliRunner.RunAsync("validate", "--root", _tree.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("; checked 1 ilm policy, 3 component templates, 3 index templates, 1 index, 1 ingest pipeline, 2 transforms", result.Out.Trim());
    }

    [Fact]
    public async Task FilesInSubfoldersAreReadAndANameDefinedTwiceIsAnError()
    {
        _tree.Write("elastic-assets/component-templates/sub/sales-fields.yml", System.IO.File.ReadAllText(_tree.File("elastic-assets/component-templates/sales-fields.yml")));
        _tree.Write("elastic-assets/component-templates/sub/broken.yml", "kind: component_template\nname: broken\nversion: 1\nbody:\n  template: {settings: [1, 2\n");

        var result = await CliRunner.RunAsync("validate", "--root", _tree.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("elastic-assets/component-templates/sub/sales-fields.yml:1: duplicate component_template 'sales-fields': also defined in elastic-assets/component-templates/sales-fields.yml", result.Err);
        Assert.Contains("elastic-assets/component-templates/sub/broken.yml:", result.Err);
    }

    [Fact]
    public async Task EveryFileNoReaderTakesIsNamedAsNotRead()
    {
        _tree.Write("elastic-assets/component-templates/extra.json", "{}");
        _tree.Write("elastic-assets/snapshot-policies/nightly.yml", "kind: slm_policy\n");
        _tree.Write("elastic-assets/stray.yml", "kind: component_template\n");
        _tree.Write("elastic-assets/sources/old/shop.yml", "kind: source\n");
        _tree.Write("kibana-saved-objects/dashboards.json", "{}");
        _tree.Write("pipelines/tests/nowhere/01-case.json", "{\"input\": {}, \"expected\": {}}");

        var result = await CliRunner.RunAsync("validate", "--root", _tree.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("elastic-assets/component-templates/extra.json:1: not read: asset files end in .yml (this one is .json)", result.Err);
        Assert.Contains("elastic-assets/snapshot-policies/nightly.yml:1: not read: elastic-assets/snapshot-policies/ is not an asset folder", result.Err);
        Assert.Contains("elastic-assets/stray.yml:1: not read: files directly under elastic-assets/ are not assets", result.Err);
        Assert.Contains("elastic-assets/sources/old/shop.yml:1: not read: sources are read only from elastic-assets/sources/ itself", result.Err);
        Assert.Contains("kibana-saved-objects/dashboards.json:1: not read: kibana-saved-objects/ reads only .ndjson files", result.Err);
        Assert.Contains("pipelines/tests/nowhere/01-case.json:1: test case of pipeline 'nowhere', which is not defined in pipelines/", result.Err);
        Assert.Contains("validate: 6 problem(s) in 6 file(s)", result.Err);
    }

    [Fact]
    public async Task AFileThatIsNotAnAssetIsAWarningThatDoesNotFailValidate()
    {
        _tree.Write("pipelines/notes.txt", "to do\n");
        _tree.Write("pipelines/README.md", "# the pipelines\n");

        var result = await CliRunner.RunAsync("validate", "--root", _tree.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("pipelines/notes.txt:1: warning: not read: asset files end in .yml (this one is .txt)", result.Err.Trim());
        Assert.Contains("validate: no problems in ", result.Out);
        Assert.Contains(", 1 warning(s); checked ", result.Out);
    }

    [Fact]
    public async Task InvalidUtf8IsAnErrorWithFileAndLineNotAReplacementCharacter()
    {
        var path = _tree.File("pipelines/platform-sales.yml");
        var bytes = System.IO.File.ReadAllBytes(path).ToList();
        var thirdLine = bytes.Select((b, i) => (b, i)).Where(x => x.b == (byte)'\n').Skip(1).First().i + 1;
        bytes.InsertRange(thirdLine, new byte[] { (byte)'#', (byte)' ', 0xC3, 0x28, (byte)'\n' }); // 0xC3 0x28: a broken two-byte sequence
        System.IO.File.WriteAllBytes(path, bytes.ToArray());

        var result = await CliRunner.RunAsync("validate", "--root", _tree.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pipelines/platform-sales.yml:3: not valid UTF-8 (byte 0xC3); save the file as UTF-8", result.Err);
    }

    [Fact]
    public async Task InvalidUtf8InASourceFileIsReportedToo()
    {
        var bytes = "kind: source\nname: shop\ndescription: caf"u8.ToArray().Concat(new byte[] { 0xE9, (byte)'\n' }).ToArray();
        Directory.CreateDirectory(_tree.File("elastic-assets/sources"));
        System.IO.File.WriteAllBytes(_tree.File("elastic-assets/sources/shop.yml"), bytes);

        var result = await CliRunner.RunAsync("validate", "--root", _tree.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("elastic-assets/sources/shop.yml:3: not valid UTF-8 (byte 0xE9)", result.Err);
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
