using ControlPlane.Assets;
using ControlPlane.Elastic;

namespace ControlPlane.Planning;

/// <summary>Fetches the <see cref="LiveState"/> plan compares against: a handful of list calls plus one GET per index and alias we want.</summary>
public static class LiveStateReader
{
    /// <summary>Lists transforms in one page; far more than a control plane defines.</summary>
    private const int TransformPage = 1000;

    public static async Task<LiveState> ReadAsync(ElasticsearchClient es, DesiredState desired, CancellationToken ct)
    {
        var live = new LiveState();
        Fill(live.IlmPolicies, LiveShapes.IlmPolicies(await GetAsync(es, "_ilm/policy", "reading ILM policies", ct)));
        Fill(live.ComponentTemplates, LiveShapes.ComponentTemplates(await GetAsync(es, "_component_template", "reading component templates", ct)));
        Fill(live.IndexTemplates, LiveShapes.IndexTemplates(await GetAsync(es, "_index_template", "reading index templates", ct)));
        // GET _ingest/pipeline answers 404 when the cluster has no pipeline at all.
        Fill(live.Pipelines, LiveShapes.Pipelines(await es.GetOrNullAsync("_ingest/pipeline", ct, "reading ingest pipelines")));
        Fill(live.Transforms, LiveShapes.Transforms(await GetAsync(es, $"_transform/_all?size={TransformPage}", "reading transforms", ct)));
        foreach (var (id, state) in LiveShapes.TransformStates(await GetAsync(es, $"_transform/_all/_stats?size={TransformPage}", "reading transform states", ct)))
            live.TransformStates[id] = state;
        Fill(live.IndexMappings, LiveShapes.IndexMappings(await GetAsync(es, "_mapping", "reading index mappings", ct)));

        foreach (var index in desired.AllIndices)
        {
            var answer = await es.GetOrNullAsync(AssetRequest.Segment(index.Name), ct, $"reading index {index.Name}");
            if (LiveShapes.Index(answer, index.Name) is { } li) live.Indices[index.Name] = li;
            var aliases = await es.GetOrNullAsync($"_alias/{AssetRequest.Segment(index.Alias)}", ct, $"reading alias {index.Alias}");
            live.AliasHolders[index.Alias] = LiveShapes.AliasHolders(aliases, index.Alias);
        }
        return live;
    }

    private static async Task<System.Text.Json.Nodes.JsonNode?> GetAsync(ElasticsearchClient es, string path, string what, CancellationToken ct) =>
        await es.SendOrThrowAsync(HttpMethod.Get, path, null, ct, what).ConfigureAwait(false);

    private static void Fill<T>(Dictionary<string, T> target, Dictionary<string, T> source)
    {
        foreach (var (k, v) in source) target[k] = v;
    }
}
