using ControlPlane.Tests.Cli;
using ControlPlane.Tests.Fakes;
using Xunit.Abstractions;

namespace ControlPlane.Tests.Planning;

public sealed class ScratchTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Smoke()
    {
        using var tree = FixtureTree.Copy();
        await using var es = await FakeElasticsearch.StartAsync();
        log.WriteLine((await CliRunner.RunAsync("validate", "--root", tree.Path)).ToString());
        log.WriteLine((await CliRunner.RunAsync("plan", "--root", tree.Path, "--es-url", es.Url.ToString())).ToString());
        log.WriteLine((await CliRunner.RunAsync("apply", "--yes", "--root", tree.Path, "--es-url", es.Url.ToString())).ToString());
        log.WriteLine((await CliRunner.RunAsync("plan", "--detailed-exitcode", "--root", tree.Path, "--es-url", es.Url.ToString())).ToString());
        log.WriteLine(string.Join("\n", es.SchemaViolations));
        log.WriteLine(Console.IsInputRedirected.ToString());
    }
}
