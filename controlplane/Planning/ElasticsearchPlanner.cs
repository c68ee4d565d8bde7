using ControlPlane.Assets;
using ControlPlane.Elastic;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Planning;

/// <summary>Plans the Elasticsearch assets against the live cluster: version check, assets, live state, comparison.</summary>
public sealed class ElasticsearchPlanner(ElasticsearchGateway es, ILogger<ElasticsearchPlanner> logger)
{
    public async Task<ElasticsearchPlan> PlanAsync(AssetRoot root, CancellationToken ct)
    {
        var cluster = await es.GetClusterInfoAsync(ct).ConfigureAwait(false);
        var desired = ElasticsearchAssetCheck.LoadDesired(root);
        PlanningLog.Planning(logger, desired.Assets.All.Count(), cluster.ClusterName, cluster.VersionText);
        var live = await LiveStateReader.ReadAsync(es, desired, ct).ConfigureAwait(false);
        return ElasticsearchPlanBuilder.Build(desired, live);
    }
}
