using ControlPlane.Assets;

namespace ControlPlane.Planning;

/// <summary>The Elasticsearch part of a plan: the lines shown, and the requests apply sends, in order.</summary>
public sealed record ElasticsearchPlan(IReadOnlyList<PlannedChange> Changes, IReadOnlyList<AssetRequest> Steps)
{
    public IEnumerable<PlannedChange> Conflicts => Changes.Where(c => c.Action == ChangeAction.Conflict);
}
