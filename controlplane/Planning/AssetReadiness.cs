using ControlPlane.Assets;

namespace ControlPlane.Planning;

/// <summary>
/// The pre-check of <c>load</c> and <c>serve</c>, once per process before the first write: the Elasticsearch plan, reduced to
/// the changes that would make the loader's writes fail or land wrong. A missing template, pipeline, index, alias or
/// transform (<c>+</c>), a conflict (<c>!</c>: e.g. a plain index auto-created where our alias belongs) and a drifted live
/// index or transform (<c>~</c>: a mapping without a field the loader writes, a missing alias) stop the command with
/// "run apply first". Edits that do not change what is written (a template's or pipeline's description, a role) do not.
/// </summary>
public sealed class AssetReadiness(ElasticsearchPlanner planner)
{
    /// <summary>Throws naming the first few blocking plan lines when the cluster is not ready for <paramref name="command"/>.</summary>
    public async Task RequireAsync(AssetRoot root, string command, CancellationToken ct)
    {
        // A root without elastic-assets/ defines no sources: nothing will be written.
        if (!Directory.Exists(root.ElasticAssets)) return;
        var plan = await planner.PlanAsync(root, ct).ConfigureAwait(false);
        var blockers = plan.Changes.Where(Matters).ToList();
        if (blockers.Count == 0) return;
        var shown = string.Join("; ", blockers.Take(4).Select(b => b.ToString()));
        var more = blockers.Count > 4 ? $"; and {blockers.Count - 4} more" : "";
        throw new InvalidOperationException(
            $"{command}: the Elasticsearch assets are missing or drifted ({shown}{more}): run apply first (plan shows every change)");
    }

    /// <summary>Whether a plan line means the loader's writes would fail or land in the wrong shape.</summary>
    public static bool Matters(PlannedChange change) => change.Action switch
    {
        ChangeAction.Create or ChangeAction.Conflict => change.Kind is not AssetKinds.Role,
        ChangeAction.Update => change.Kind is AssetKinds.Index or AssetKinds.Transform,
        _ => false,
    };
}
