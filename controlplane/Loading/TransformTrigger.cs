using ControlPlane.Elastic;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Loading;

/// <summary>
/// After a run that wrote sales, asks the AOV transforms to run now instead of at their next check
/// (<c>POST _transform/ID/_schedule_now</c>), so the weekly AOV the fraud check reads catches up sooner.
/// The current transforms are found through the aliases the control plane manages: by the asset contract
/// (docs/design.md) transform <c>NAME-vN</c> writes index <c>NAME-vN</c> and alias <c>NAME</c> points at the current one,
/// so old, stopped versions are never touched. Failures are logged, never fatal: the transforms also run on their own.
/// </summary>
public sealed class TransformTrigger(ElasticsearchGateway es, ILogger<TransformTrigger> logger)
{
    /// <summary>The transform outputs in dependency order: the weekly AOV is computed from the daily one.</summary>
    public static readonly IReadOnlyList<string> AovAliases = [IndexNames.DailyAov, IndexNames.WeeklyAov];

    /// <summary>Returns the transform ids that were scheduled.</summary>
    public async Task<IReadOnlyList<string>> ScheduleNowAsync(CancellationToken ct)
    {
        var scheduled = new List<string>();
        foreach (var alias in AovAliases)
        {
            foreach (var id in await CurrentTransformIdsAsync(alias, ct).ConfigureAwait(false))
            {
                try
                {
                    await es.ScheduleNowTransformAsync(id, ct).ConfigureAwait(false);
                    scheduled.Add(id);
                    logger.TransformScheduled(id);
                }
                catch (Http.RestException ex)
                {
                    logger.TransformScheduleFailed(id, ex.Message);
                }
            }
        }
        return scheduled;
    }

    private async Task<IReadOnlyList<string>> CurrentTransformIdsAsync(string alias, CancellationToken ct)
    {
        try
        {
            var indices = await es.IndicesOfAliasAsync(alias, ct).ConfigureAwait(false);
            if (indices.Count == 0) logger.TransformAliasMissing(alias, $"no index holds alias {alias}");
            return indices;
        }
        catch (Http.RestException ex)
        {
            logger.TransformAliasMissing(alias, ex.Message);
            return [];
        }
    }
}
