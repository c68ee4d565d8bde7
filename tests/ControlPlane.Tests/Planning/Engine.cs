using ControlPlane.Assets;
using ControlPlane.Elastic;
using ControlPlane.Planning;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace ControlPlane.Tests.Planning;

/// <summary>The plan/apply engine wired to a fake (or live) cluster the way DI wires it, with test-short retry delays.</summary>
public sealed class Engine(Uri url, int maxRetries = 3)
{
    public ElasticsearchGateway Client { get; } = TestClients.Elasticsearch(url, maxRetries);

    public Engine(FakeElasticsearch es, int maxRetries = 3) : this(es.Url, maxRetries) { }

    public ElasticsearchPlanner Planner => new(Client, NullLogger<ElasticsearchPlanner>.Instance);
    public ElasticsearchApplier Applier => new(Client, NullLogger<ElasticsearchApplier>.Instance);

    public Task<ElasticsearchPlan> PlanAsync(AssetRoot root) => Planner.PlanAsync(root, CancellationToken.None);

    /// <summary>Plans and applies; fails the test if the plan has conflicts. Returns the plan that was applied.</summary>
    public async Task<ElasticsearchPlan> ApplyAsync(AssetRoot root)
    {
        var plan = await PlanAsync(root);
        Assert.Empty(plan.Conflicts);
        await Applier.ApplyAsync(plan.Steps, CancellationToken.None);
        return plan;
    }

    /// <summary>The plan's lines that are not <c>=</c>.</summary>
    public static IReadOnlyList<string> Pending(ElasticsearchPlan plan) =>
        plan.Changes.Where(c => c.Action != ChangeAction.Unchanged).Select(c => c.ToString()).ToList();
}
