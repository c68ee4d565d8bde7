using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.IndexManagement;

namespace ControlPlane.Elastic;

public sealed partial class ElasticsearchGateway
{
    // ---- what plan compares against: the cluster's own JSON, normalized by Planning/ -------------------------------

    public Task<JsonNode?> GetIlmPoliciesAsync(CancellationToken ct) => SendOrThrowAsync(System.Net.Http.HttpMethod.Get, ElasticPaths.IlmPolicies, null, ct, "reading ILM policies");
    public Task<JsonNode?> GetComponentTemplatesAsync(CancellationToken ct) => SendOrThrowAsync(System.Net.Http.HttpMethod.Get, ElasticPaths.ComponentTemplates, null, ct, "reading component templates");
    public Task<JsonNode?> GetIndexTemplatesAsync(CancellationToken ct) => SendOrThrowAsync(System.Net.Http.HttpMethod.Get, ElasticPaths.IndexTemplates, null, ct, "reading index templates");
    /// <summary>GET _ingest/pipeline answers 404 when the cluster has no pipeline at all: null then.</summary>
    public Task<JsonNode?> GetIngestPipelinesAsync(CancellationToken ct) => GetOrNullAsync(ElasticPaths.IngestPipelines, ct, "reading ingest pipelines");
    public Task<JsonNode?> GetTransformsAsync(CancellationToken ct) => SendOrThrowAsync(System.Net.Http.HttpMethod.Get, ElasticPaths.Transforms, null, ct, "reading transforms");
    public Task<JsonNode?> GetTransformStatsAsync(CancellationToken ct) => SendOrThrowAsync(System.Net.Http.HttpMethod.Get, ElasticPaths.TransformStats, null, ct, "reading transform states");
    public Task<JsonNode?> GetMappingsAsync(CancellationToken ct) => SendOrThrowAsync(System.Net.Http.HttpMethod.Get, ElasticPaths.Mappings, null, ct, "reading index mappings");
    /// <summary><c>GET _security/role</c>: every native-realm role (reserved ones too), keyed by name.</summary>
    public Task<JsonNode?> GetRolesAsync(CancellationToken ct) => SendOrThrowAsync(System.Net.Http.HttpMethod.Get, ElasticPaths.Roles, null, ct, "reading security roles");
    /// <summary><c>GET index</c>, null when absent.</summary>
    public Task<JsonNode?> GetIndexAsync(string index, CancellationToken ct) => GetOrNullAsync(ElasticPaths.Index(index), ct, $"reading index {index}");
    /// <summary><c>GET _alias/alias</c>, null when no index holds it.</summary>
    public Task<JsonNode?> GetAliasAsync(string alias, CancellationToken ct) => GetOrNullAsync(ElasticPaths.Alias(alias), ct, $"reading alias {alias}");

    // ---- transforms -------------------------------------------------------------------------------------------------

    /// <summary>The indices an alias points at (typed <c>GET _alias/NAME</c>), sorted; empty when no index holds it.</summary>
    public async Task<IReadOnlyList<string>> IndicesOfAliasAsync(string alias, CancellationToken ct)
    {
        var response = await CallAsync(t => client.Indices.GetAliasAsync(new GetAliasRequest(Names.Parse(alias)), t), ct).ConfigureAwait(false);
        if (response.ApiCallDetails.HttpStatusCode == 404) return [];
        ThrowIfFailed(response, $"reading alias {alias}");
        return (response.Aliases ?? new Dictionary<string, IndexAliases>())
            .Where(kv => kv.Value.Aliases?.Count > 0).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary><c>POST _transform/ID/_schedule_now</c> (typed): run a transform's next check now.</summary>
    public async Task ScheduleNowTransformAsync(string id, CancellationToken ct)
    {
        var response = await CallAsync(t => client.TransformManagement.ScheduleNowTransformAsync(id, t), ct).ConfigureAwait(false);
        ThrowIfFailed(response, $"scheduling transform {id}");
    }
}
