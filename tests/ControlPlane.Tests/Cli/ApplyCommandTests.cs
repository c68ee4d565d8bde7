using System.Text.Json.Nodes;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.Planning;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Cli;

public sealed class ApplyCommandTests : IAsyncLifetime
{
    private readonly FixtureTree _tree = FixtureTree.Copy();
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync()
    {
        Assert.Empty(_es.SchemaViolations);
        await _es.DisposeAsync();
        _tree.Dispose();
    }

    private Task<CliResult> RunAsync(params string[] args) =>
        CliRunner.RunAsync([.. args, "--root", _tree.Path, "--es-url", _es.Url.ToString()]);

    [Fact]
    public async Task ApplyPrintsThePlanCarriesItOutAndASecondApplyChangesNothing()
    {
        var first = await RunAsync("apply", "--yes");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("+ index platform_sales-v1", first.Out);
        Assert.Contains("apply: done, 13 change(s) applied", first.Out);

        var writes = _es.Requests.Count(r => r.Method is "PUT" or "POST" or "DELETE");
        var second = await RunAsync("apply", "--yes");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("apply: nothing to do", second.Out);
        Assert.Equal(writes, _es.Requests.Count(r => r.Method is "PUT" or "POST" or "DELETE"));
    }

    [Fact]
    public async Task WithoutYesAndWithoutATerminalApplyRefusesAndChangesNothing()
    {
        Assert.True(Console.IsInputRedirected, "the test host's stdin is expected to be redirected, as in CI");
        var result = await RunAsync("apply");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pass --yes", result.Err);
        Assert.DoesNotContain(_es.Requests, r => r.Method is "PUT" or "POST" or "DELETE");
    }

    [Fact]
    public async Task AConflictStopsApplyBeforeAnyChange()
    {
        await TestClients.Elasticsearch(_es.Url).SendOrThrowAsync(HttpMethod.Put, "_ilm/policy/platform-default", JsonNode.Parse("""{"policy":{"phases":{"hot":{"actions":{}}}}}""")!.AsObject(), default);
        var writes = _es.Requests.Count(r => r.Method is "PUT" or "POST" or "DELETE");
        var result = await RunAsync("apply", "--yes");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("! ilm_policy platform-default", result.Err);
        Assert.Equal(writes, _es.Requests.Count(r => r.Method is "PUT" or "POST" or "DELETE"));
    }

    [Fact]
    public async Task AFailingRequestExitsOneNamingTheAssetAndTheReason()
    {
        _es.FailNext("PUT", "_component_template/sales-fields", 400, type: "mapper_parsing_exception", reason: "unknown parameter [scaling] on mapper [amount_sale]");
        var result = await RunAsync("apply", "--yes");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("apply: component_template sales-fields (elastic-assets/component-templates/sales-fields.yml): elasticsearch PUT /_component_template/sales-fields failed (400 mapper_parsing_exception): unknown parameter [scaling]", result.Err);
    }
}
