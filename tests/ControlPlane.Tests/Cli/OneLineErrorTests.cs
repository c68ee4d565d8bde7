using ControlPlane.Tests.Planning;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Tests.Cli;

/// <summary>Inputs a new user got wrong: each ends as one line on stderr naming the file or setting, never a stack trace.</summary>
public sealed class OneLineErrorTests : IDisposable
{
    private readonly FixtureTree _tree = FixtureTree.Copy();
    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("validate")]
    [InlineData("render")]
    [InlineData("plan")]
    [InlineData("apply")]
    public async Task ANumberTooLargeForTheSchemaCheckIsAProblemOfItsFileAndLine(string command)
    {
        _tree.Replace("elastic-assets/component-templates/common-settings.yml", "number_of_shards: 1", "number_of_shards: 99999999999999999999999");
        await using var es = await Fakes.FakeElasticsearch.StartAsync();
        string[] args = command switch
        {
            "render" => ["render", "--out", _tree.File("out")],
            "plan" => ["plan", "--es-url", es.Url.ToString()],
            "apply" => ["apply", "--yes", "--es-url", es.Url.ToString()],
            _ => [command],
        };

        var result = await CliRunner.RunAsync([.. args, "--root", _tree.Path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("elastic-assets/component-templates/common-settings.yml:7: body.template.settings.number_of_shards: number 99999999999999999999999 is too large", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
        Assert.DoesNotContain("InvalidCastException", result.Err);
    }

    [Theory]
    [InlineData("load", "--once")]
    [InlineData("backfill", "--from", "2026-11-01", "--to", "2026-11-02")]
    public async Task AMalformedMySqlConnectionNamesTheSetting(params string[] args)
    {
        var result = await CliRunner.RunAsync([.. args, "--root", RepositoryRootPath, "--es-url", "http://127.0.0.1:1", "--mysql", "Server=db;Passw0rd=hunter2;foo=bar"]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("MYSQL_CONNECTION", line);
        Assert.DoesNotContain("hunter2", line);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void LogsGoToStandardErrorSoStandardOutputHoldsOnlyResults()
    {
        using var host = ControlPlane.Cli.ControlPlaneHost.CreateBuilder(ControlPlane.Cli.RootCommandFactory.Create().Parse(["validate"])).Build();
        var console = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>>().Value;
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Trace, console.LogToStandardErrorThreshold);
    }

    private static string RepositoryRootPath => TestSupport.RepositoryRoot.Path;
}
