using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Http;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using TransportMethod = Elastic.Transport.HttpMethod;

namespace ControlPlane.Elastic;

/// <summary>
/// The control plane's Elasticsearch calls, all through the official client (<see cref="ElasticsearchClient"/> over
/// Elastic.Transport: node pool, auth, TLS, timeouts, product check, OpenTelemetry spans). Typed requests where a typed API
/// fits; our own JSON (asset bodies, search bodies, NDJSON) goes through the client's transport as raw bytes. Failures become
/// <see cref="RestException"/>s naming the request and Elasticsearch's reason; 429/5xx are retried by <see cref="ElasticsearchRetry"/>.
/// Partial files: <c>.Documents.cs</c> (search, bulk, refresh, the loader's state), <c>.Management.cs</c> (assets, transforms).
/// Typed: GET /, the loader's state document (get, create, index with if_seq_no/if_primary_term), GET _alias, transform
/// _schedule_now. Raw on purpose: the plan's steps (asset PUTs, transform _start/_stop/_update, deletes) are data that
/// <c>render</c> writes out and <c>apply</c> sends unchanged, and the live-state GETs feed the planner's JSON diff.
/// </summary>
public sealed partial class ElasticsearchGateway(Lazy<ElasticsearchClient> lazyClient, ElasticsearchRetry retry)
{
    private const string Service = "elasticsearch";

    public ElasticsearchGateway(ElasticsearchClient client, ElasticsearchRetry retry) : this(new Lazy<ElasticsearchClient>(client), retry) { }

    /// <summary>
    /// The official client, built on first use: commands that never call Elasticsearch (validate, render) need no ES_URL,
    /// and a bad setting surfaces as one <see cref="ElasticsearchSettingsException"/> line when a call is made.
    /// </summary>
    private ElasticsearchClient client => lazyClient.Value;

    /// <summary>The same client without retries: for probes that report what they see at once.</summary>
    public ElasticsearchGateway WithoutRetries() => new(lazyClient, ElasticsearchRetry.None);

    /// <summary><c>GET /</c>: cluster name and version; throws when the cluster is not a supported Elasticsearch 9.</summary>
    public async Task<ClusterInfo> GetClusterInfoAsync(CancellationToken ct)
    {
        var response = await CallAsync(t => client.InfoAsync(t), ct).ConfigureAwait(false);
        if (response.ApiCallDetails.HttpStatusCode == 400 && RestErrorBody.Read(RestErrorBody.Parse(response.ApiCallDetails.ResponseBodyInBytes)).Type == "media_type_header_exception")
            throw await OlderClusterAsync(response, ct).ConfigureAwait(false);
        ThrowIfFailed(response, "reading cluster version");
        var text = response.Version?.Number ?? throw new InvalidOperationException("GET / did not return version.number: is this Elasticsearch?");
        return ClusterInfo.Check(response.ClusterName ?? "", text, NodeAddress(response));
    }

    /// <summary>Plain JSON, no compatible-with: what any Elasticsearch answers, to name an older cluster's version.</summary>
    private static readonly RequestConfiguration PlainJson = new() { Accept = "application/json", ContentType = "application/json" };

    /// <summary>
    /// An 8.x cluster refuses the 9.x client's compatible-with=9 before it says its version; asked again in plain JSON it
    /// does, so the error names the version and what to do.
    /// </summary>
    private async Task<Exception> OlderClusterAsync(TransportResponse refused, CancellationToken ct)
    {
        var plain = await client.Transport.RequestAsync<BytesResponse>(new EndpointPath(TransportMethod.GET, ""), null, null, PlainJson, ct).ConfigureAwait(false);
        var version = plain.ApiCallDetails.HasSuccessfulStatusCode ? RestErrorBody.Parse(plain.Body)?["version"]?["number"]?.ToString() : null;
        if (version is not null)
        {
            try { ClusterInfo.Check("", version, NodeAddress(refused)); }
            catch (InvalidOperationException older) { return older; }
        }
        return new InvalidOperationException(
            $"Elasticsearch at {NodeAddress(refused)} refused the media type compatible-with=9: it is older than 9.0; the control plane speaks Elasticsearch 9, upgrade the cluster to 9.0 or later");
    }

    /// <summary>Any call with a JSON body of ours; non-2xx answers are returned for the caller to interpret (404 = absent, 409 = conflict).</summary>
    public Task<RestResponse> SendAsync(System.Net.Http.HttpMethod method, string path, JsonNode? body, CancellationToken ct) =>
        SendBytesAsync(method, path, body is null ? null : PostData.ReadOnlyMemory(JsonSerializer.SerializeToUtf8Bytes(body)), ct);

    /// <summary>Any call with a body already written as JSON bytes (a large body written without a JSON tree).</summary>
    public async Task<RestResponse> SendBytesAsync(System.Net.Http.HttpMethod method, string path, PostData? data, CancellationToken ct)
    {
        var response = await RawAsync(method, path, data, null, ct).ConfigureAwait(false);
        var status = response.ApiCallDetails.HttpStatusCode!.Value;
        var bytes = status is >= 200 and < 300 ? response.Body : response.ApiCallDetails.ResponseBodyInBytes ?? response.Body;
        return new RestResponse((System.Net.HttpStatusCode)status, RestErrorBody.Parse(bytes));
    }

    /// <summary>Any call that must succeed; <paramref name="what"/> names the asset or job in the error.</summary>
    public async Task<JsonNode?> SendOrThrowAsync(System.Net.Http.HttpMethod method, string path, JsonNode? body, CancellationToken ct, string? what = null)
    {
        var response = await SendAsync(method, path, body, ct).ConfigureAwait(false);
        if (!response.IsSuccess) throw ToException(method, path, response, what);
        return response.Body;
    }

    /// <summary><c>GET path</c>, null on 404.</summary>
    public async Task<JsonNode?> GetOrNullAsync(string path, CancellationToken ct, string? what = null)
    {
        var response = await SendAsync(System.Net.Http.HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        if (response.StatusCode == 404) return null;
        if (!response.IsSuccess) throw ToException(System.Net.Http.HttpMethod.Get, path, response, what);
        return response.Body;
    }

    public RestException ToException(System.Net.Http.HttpMethod method, string path, RestResponse response, string? what = null)
    {
        var (type, reason) = RestErrorBody.Read(response.Body);
        return new RestException(Service, method, path, response.StatusCode, type, reason, what);
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------

    /// <summary>
    /// A call with retries. The client's product check refuses a server whose answers lack <c>X-Elastic-Product:
    /// Elasticsearch</c> (another product, or a proxy that strips it); that becomes one line naming the address.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct) where T : TransportResponse
    {
        try
        {
            return await retry.ExecuteAsync(call, ct).ConfigureAwait(false);
        }
        catch (UnexpectedTransportException ex) when (ex.InnerException is OperationCanceledException cancelled)
        {
            // The transport wraps a cancelled request; callers tell a stop from a failure by OperationCanceledException.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cancelled);
            throw;
        }
        catch (UnsupportedProductException)
        {
            var node = client.ElasticsearchClientSettings.NodePool.Nodes.FirstOrDefault()?.Uri;
            throw new InvalidOperationException(
                $"the server at {node?.GetLeftPart(UriPartial.Authority) ?? "ES_URL"} is not Elasticsearch: its answers lack the header X-Elastic-Product: Elasticsearch (check ES_URL, or a proxy that strips headers)");
        }
    }

    /// <summary>A raw request through the client's transport; an unreachable cluster throws, any answer is returned.</summary>
    private async Task<BytesResponse> RawAsync(System.Net.Http.HttpMethod method, string path, PostData? data, IRequestConfiguration? config, CancellationToken ct)
    {
        var endpoint = new EndpointPath(ToTransport(method), path.TrimStart('/'));
        var response = await CallAsync(t => client.Transport.RequestAsync<BytesResponse>(endpoint, data, null, config, t), ct).ConfigureAwait(false);
        if (response.ApiCallDetails.HttpStatusCode is null) throw Unreachable(method, path, response);
        return response;
    }

    /// <summary>Throws a <see cref="RestException"/> for a typed call that did not succeed.</summary>
    private static void ThrowIfFailed(ElasticsearchResponse response, string what, params int[] accepted)
    {
        var details = response.ApiCallDetails;
        var method = new System.Net.Http.HttpMethod(details.HttpMethod.ToString());
        var path = details.Uri?.PathAndQuery.TrimStart('/') ?? "";
        if (details.HttpStatusCode is not int status) throw Unreachable(method, path, response);
        if (status is >= 200 and < 300 || accepted.Contains(status)) return;
        var body = RestErrorBody.Parse(details.ResponseBodyInBytes);
        var (type, reason) = body is null && response.ElasticsearchServerError?.Error is { } e ? (e.Type, e.Reason ?? e.Type ?? "unknown error") : RestErrorBody.Read(body);
        throw new RestException(Service, method, path, status, type, reason, what);
    }

    /// <summary>No answer: names the node (without credentials, which never reach the node's address) and the innermost cause.</summary>
    private static RestException Unreachable(System.Net.Http.HttpMethod method, string path, TransportResponse response)
    {
        Exception? cause = response.ApiCallDetails.OriginalException;
        while (cause?.InnerException is not null && cause is not System.Net.Http.HttpRequestException) cause = cause.InnerException;
        var reason = cause switch
        {
            TaskCanceledException or TimeoutException => "timed out",
            null => "no answer",
            _ => cause.Message,
        };
        return new RestException(Service, method, path, 0, null, $"{NodeAddress(response)}: {reason}", inner: response.ApiCallDetails.OriginalException);
    }

    private static string NodeAddress(TransportResponse response) =>
        response.ApiCallDetails.Uri is { } uri ? $"{uri.Scheme}://{uri.Authority}/" : "Elasticsearch";

    private static TransportMethod ToTransport(System.Net.Http.HttpMethod method) => method.Method switch
    {
        "GET" => TransportMethod.GET,
        "POST" => TransportMethod.POST,
        "PUT" => TransportMethod.PUT,
        "DELETE" => TransportMethod.DELETE,
        "HEAD" => TransportMethod.HEAD,
        _ => throw new ArgumentException($"unsupported HTTP method {method}"),
    };
}
