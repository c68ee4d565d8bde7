using System.Text.Json.Nodes;
using ControlPlane.Configuration;
using ControlPlane.Http;
using ControlPlane.Planning;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace ControlPlane.Tests.Planning;

/// <summary>The section apply runs: it carries out only the plan that was shown.</summary>
public sealed class PlanSectionTests : IAsyncLifetime
{
    private readonly FixtureTree _tree = FixtureTree.Copy();
    private FakeElasticsearch _es = null!;
    private ElasticsearchPlanSection _section = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearch.StartAsync();
        var engine = new Engine(_es);
        _section = new ElasticsearchPlanSection(engine.Planner, engine.Applier, new FixedOptions(TestClients.Options(_es.Url)));
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        _tree.Dispose();
    }

    [Fact]
    public void ItIsConfiguredByTheElasticsearchUrl()
    {
        var engine = new Engine(_es);
        Assert.True(_section.IsConfigured);
        Assert.False(new ElasticsearchPlanSection(engine.Planner, engine.Applier, new FixedOptions(new RestTransportOptions())).IsConfigured);
    }

    [Fact]
    public async Task APlanThatNoLongerMatchesTheClusterIsNotApplied()
    {
        var shown = await _section.PlanAsync(_tree.Root, default);
        await TestClients.Elasticsearch(_es.Url).SendOrThrowAsync(HttpMethod.Put, "_ingest/pipeline/platform-sales", JsonNode.Parse("""{"processors":[]}""")!.AsObject(), default);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _section.ApplyAsync(_tree.Root, shown, default));
        Assert.Contains("changed since the plan was shown; nothing was applied", ex.Message);
        Assert.Empty(_es.ComponentTemplates);
    }

    [Fact]
    public async Task TheShownPlanIsApplied()
    {
        await _section.ApplyAsync(_tree.Root, await _section.PlanAsync(_tree.Root, default), default);
        Assert.All(await _section.PlanAsync(_tree.Root, default), c => Assert.Equal(ChangeAction.Unchanged, c.Action));
    }

    private sealed class FixedOptions(RestTransportOptions value) : IOptionsMonitor<RestTransportOptions>
    {
        public RestTransportOptions CurrentValue => value;
        public RestTransportOptions Get(string? name) => name == ConnectionOptionsSetup.Elasticsearch ? value : new RestTransportOptions();
        public IDisposable? OnChange(Action<RestTransportOptions, string?> listener) => null;
    }
}
