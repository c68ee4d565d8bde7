using ControlPlane.Assets;
using ControlPlane.Elastic;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Planning;

/// <summary>Sends a plan's requests in order and stops at the first failure, naming the asset and carrying Elasticsearch's reason.</summary>
public sealed class ElasticsearchApplier(ElasticsearchGateway es, ILogger<ElasticsearchApplier> logger)
{
    public async Task ApplyAsync(IReadOnlyList<AssetRequest> steps, CancellationToken ct)
    {
        foreach (var step in steps)
        {
            ct.ThrowIfCancellationRequested();
            var method = new HttpMethod(step.Method);
            PlanningLog.Sending(logger, step.Method, step.Path, step.What);
            var response = await es.SendAsync(method, step.Path, step.Body, ct).ConfigureAwait(false);
            if (response.IsSuccess) continue;
            if (response.StatusCode == 404 && step.IgnoreNotFound)
            {
                PlanningLog.AlreadyGone(logger, step.What, step.Method, step.Path);
                continue;
            }
            throw es.ToException(method, step.Path, response, step.What);
        }
        PlanningLog.Applied(logger, steps.Count);
    }
}
