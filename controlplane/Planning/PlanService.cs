using ControlPlane.Assets;
using ControlPlane.Configuration;
using ControlPlane.Http;
using Microsoft.Extensions.Options;

namespace ControlPlane.Planning;

/// <summary>Runs every configured <see cref="IPlanSection"/> in order for <c>plan</c> and <c>apply</c>. Elasticsearch is required; Kibana joins when configured.</summary>
public sealed class PlanService(IEnumerable<IPlanSection> sections, IOptionsMonitor<RestTransportOptions> options)
{
    public async Task<PlanResult> PlanAsync(AssetRoot root, CancellationToken ct)
    {
        if (!options.Get(ConnectionOptionsSetup.Elasticsearch).IsConfigured)
            throw new InvalidOperationException("ES_URL is not set: pass --es-url or set ES_URL (plan and apply compare against a live cluster)");
        var result = new List<SectionPlan>();
        foreach (var section in sections.Where(s => s.IsConfigured).OrderBy(s => s.Order))
            result.Add(new SectionPlan(section, await section.PlanAsync(root, ct).ConfigureAwait(false)));
        return new PlanResult(result);
    }

    /// <summary>Carries out each section's part that has pending changes, in section order.</summary>
    public async Task ApplyAsync(AssetRoot root, PlanResult plan, CancellationToken ct)
    {
        foreach (var part in plan.Sections.Where(p => p.Changes.Any(c => c.IsPending)))
            await part.Section.ApplyAsync(root, part.Changes, ct).ConfigureAwait(false);
    }
}
