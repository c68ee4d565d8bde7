using ControlPlane.Assets;
using ControlPlane.Elastic;

namespace ControlPlane.Planning;

/// <summary>Fetches the <see cref="LiveState"/> plan compares against: a handful of list calls plus one GET per index and alias we want.</summary>
public static class LiveStateReader
{
    public static async Task<LiveState> ReadAsync(ElasticsearchGateway es, DesiredState desired, CancellationToken ct)
    {
        var live = new LiveState();
        Fill(live.IlmPolicies, LiveShapes.IlmPolicies(await es.GetIlmPoliciesAsync(ct)));
        Fill(live.ComponentTemplates, LiveShapes.ComponentTemplates(await es.GetComponentTemplatesAsync(ct)));
        Fill(live.IndexTemplates, LiveShapes.IndexTemplates(await es.GetIndexTemplatesAsync(ct)));
        Fill(live.Pipelines, LiveShapes.Pipelines(await es.GetIngestPipelinesAsync(ct)));
        Fill(live.Transforms, LiveShapes.Transforms(await es.GetTransformsAsync(ct)));
        foreach (var (id, state) in LiveShapes.TransformStates(await es.GetTransformStatsAsync(ct)))
            live.TransformStates[id] = state;
        Fill(live.IndexMappings, LiveShapes.IndexMappings(await es.GetMappingsAsync(ct)));
        try
        {
            Fill(live.Roles, LiveShapes.Roles(await es.GetRolesAsync(ct)));
        }
        catch (Http.RestException ex) when (ex.StatusCode == 403)
        {
            // The loader's and the API's credentials may not read roles (read_security): plan names it per role, the
            // drift check and the pre-check of load and serve do not need roles.
            live.RolesUnreadable = ex.Reason;
        }

        foreach (var index in desired.AllIndices)
        {
            if (LiveShapes.Index(await es.GetIndexAsync(index.Name, ct), index.Name) is { } li) live.Indices[index.Name] = li;
            live.AliasHolders[index.Alias] = LiveShapes.AliasHolders(await es.GetAliasAsync(index.Alias, ct), index.Alias);
        }
        return live;
    }

    private static void Fill<T>(Dictionary<string, T> target, Dictionary<string, T> source)
    {
        foreach (var (k, v) in source) target[k] = v;
    }
}
