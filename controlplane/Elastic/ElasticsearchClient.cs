using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Http;

namespace ControlPlane.Elastic;

/// <summary>
/// The typed subset of Elasticsearch's REST API the control plane uses, over <see cref="JsonRestTransport"/>.
/// Narrow on purpose: each method maps to one API so Elastic.Clients.Elasticsearch can replace it later.
/// </summary>
public sealed class ElasticsearchClient(JsonRestTransport transport)
{
    public JsonRestTransport Transport => transport;

    /// <summary><c>GET /</c>: cluster name and version; throws when the cluster is older than we support.</summary>
    public async Task<ClusterInfo> GetClusterInfoAsync(CancellationToken ct)
    {
        var body = await transport.SendOrThrowAsync(HttpMethod.Get, "", null, ct, "reading cluster version").ConfigureAwait(false);
        var text = body?["version"]?["number"]?.ToString() ?? throw new InvalidOperationException("GET / did not return version.number: is this Elasticsearch?");
        var info = new ClusterInfo(body?["cluster_name"]?.ToString() ?? "", ParseVersion(text), text);
        if (!info.IsSupported)
            throw new InvalidOperationException($"Elasticsearch {text} at {transport.Service} is older than the supported minimum {ClusterInfo.Minimum}; upgrade to 8.15 or later.");
        return info;
    }

    /// <summary>Any call; non-2xx answers are returned for the caller to interpret (404 = absent, 409 = conflict).</summary>
    public Task<RestResponse> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct) =>
        transport.SendAsync(method, path, body, ct);

    /// <summary>Any call that must succeed; <paramref name="what"/> names the asset or job in the error.</summary>
    public Task<JsonNode?> SendOrThrowAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct, string? what = null) =>
        transport.SendOrThrowAsync(method, path, body, ct, what);

    /// <summary><c>GET path</c>, null on 404.</summary>
    public async Task<JsonNode?> GetOrNullAsync(string path, CancellationToken ct, string? what = null)
    {
        var response = await transport.SendAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        if (response.StatusCode == 404) return null;
        if (!response.IsSuccess) throw transport.ToException(HttpMethod.Get, path, response, what);
        return response.Body;
    }

    /// <summary><c>POST index/_search</c>.</summary>
    public async Task<JsonObject> SearchAsync(string index, JsonObject body, CancellationToken ct, string? what = null)
    {
        var result = await transport.SendOrThrowAsync(HttpMethod.Post, $"{index}/_search", body, ct, what).ConfigureAwait(false);
        return result as JsonObject ?? throw new InvalidOperationException($"{index}/_search returned no JSON object");
    }

    /// <summary>
    /// <c>POST _bulk</c> with an NDJSON body; the answer is read item by item. Only each item's status and error are asked
    /// for (<c>filter_path</c>, as Logstash does): the full answer is several times larger and was, per page, a large
    /// object to buffer, copy and parse on the loader's hot path.
    /// </summary>
    public async Task<BulkResponse> BulkAsync(ReadOnlyMemory<byte> ndjson, CancellationToken ct, string? refresh = null, bool requireAlias = false)
    {
        var path = "_bulk?filter_path=took,errors,items.*.status,items.*.error" + (refresh is null ? "" : $"&refresh={refresh}") + (requireAlias ? "&require_alias=true" : "");
        var (status, bytes) = await transport.SendForBytesAsync(HttpMethod.Post, path, ndjson, "application/x-ndjson", ct).ConfigureAwait(false);
        if (status is < 200 or >= 300)
        {
            JsonNode? body = null;
            try { body = JsonNode.Parse(bytes); } catch (JsonException) { body = JsonValue.Create(System.Text.Encoding.UTF8.GetString(bytes)); }
            throw transport.ToException(HttpMethod.Post, path, new RestResponse((System.Net.HttpStatusCode)status, body), "bulk request");
        }
        return BulkResponseReader.Read(bytes);
    }

    private static Version ParseVersion(string text)
    {
        var core = text.Split('-', '+')[0];
        return Version.TryParse(core, out var v) ? v : throw new InvalidOperationException($"unreadable Elasticsearch version '{text}'");
    }
}
