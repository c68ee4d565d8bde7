using ControlPlane.Assets;
using ControlPlane.Configuration;
using ControlPlane.Http;
using Microsoft.Extensions.Options;

namespace ControlPlane.Planning;

/// <summary>The Elasticsearch part of plan and apply: ILM policies, templates, pipelines, indices and transforms.</summary>
public sealed class ElasticsearchPlanSection(ElasticsearchPlanner planner, ElasticsearchApplier applier, IOptionsMonitor<RestTransportOptions> options) : IPlanSection
{
    public string Name => "elasticsearch";
    public int Order => 0;
    public bool IsConfigured => options.Get(ConnectionOptionsSetup.Elasticsearch).IsConfigured;

    public async Task<IReadOnlyList<PlannedChange>> PlanAsync(AssetRoot root, CancellationToken ct) =>
        (await planner.PlanAsync(root, ct).ConfigureAwait(false)).Changes;

    /// <summary>
    /// Plans again and carries that out only if it is the plan that was shown: a cluster or repository that changed in
    /// between gets nothing applied rather than something nobody reviewed.
    /// </summary>
    public async Task ApplyAsync(AssetRoot root, IReadOnlyList<PlannedChange> plan, CancellationToken ct)
    {
        var fresh = await planner.PlanAsync(root, ct).ConfigureAwait(false);
        if (!fresh.Changes.Select(c => c.ToString()).SequenceEqual(plan.Select(c => c.ToString())))
            throw new InvalidOperationException("Elasticsearch or the assets changed since the plan was shown; nothing was applied. Run apply again to review the new plan.");
        var conflicts = fresh.Conflicts.ToList();
        if (conflicts.Count > 0)
            throw new InvalidOperationException($"nothing was applied: {conflicts.Count} conflict(s) need attention first:{Environment.NewLine}{string.Join(Environment.NewLine, conflicts)}");
        await applier.ApplyAsync(fresh.Steps, ct).ConfigureAwait(false);
    }
}
