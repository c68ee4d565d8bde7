using System.Text.Json.Nodes;
using ControlPlane.Http;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace ControlPlane.Elastic;

public sealed partial class ElasticsearchGateway
{
    /// <summary>NDJSON in, JSON out: the official client's own bulk media types (the transport adds compatible-with=9).</summary>
    private static readonly RequestConfiguration NdjsonRequest = new()
    {
        ContentType = "application/vnd.elasticsearch+x-ndjson",
        Accept = "application/vnd.elasticsearch+json",
    };

    /// <summary>
    /// <c>POST index/_search?ignore_unavailable=true</c> with a body of ours: before the first load an index does not
    /// exist yet, which is an empty answer, not an error. Any other failure throws, naming <paramref name="what"/>.
    /// </summary>
    public Task<JsonObject> SearchAsync(string indices, JsonObject body, string what, CancellationToken ct) =>
        SearchAsync(indices, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body), what, ct);

    /// <summary>The same search with a body the caller wrote as JSON bytes (see <see cref="SearchAsync(string, JsonObject, string, CancellationToken)"/>).</summary>
    public async Task<JsonObject> SearchAsync(string indices, ReadOnlyMemory<byte> body, string what, CancellationToken ct)
    {
        var path = ElasticPaths.Search(indices);
        var response = await SendBytesAsync(System.Net.Http.HttpMethod.Post, path, PostData.ReadOnlyMemory(body), ct).ConfigureAwait(false);
        if (!response.IsSuccess) throw ToException(System.Net.Http.HttpMethod.Post, path, response, what);
        return response.Body as JsonObject ?? throw new InvalidOperationException($"{indices}/_search returned no JSON object");
    }

    /// <summary>Makes everything indexed so far searchable in <paramref name="indices"/> (missing ones are skipped).</summary>
    public Task RefreshAsync(IEnumerable<string> indices, string what, CancellationToken ct) =>
        SendOrThrowAsync(System.Net.Http.HttpMethod.Post, ElasticPaths.Refresh(indices), null, ct, what);

    /// <summary>
    /// <c>POST _bulk</c> with an NDJSON body written by the loader; the answer is read item by item (only each item's status
    /// and error are asked for, see <see cref="ElasticPaths.Bulk"/>).
    /// </summary>
    public async Task<BulkResponse> BulkAsync(ReadOnlyMemory<byte> ndjson, CancellationToken ct, string? refresh = null, bool requireAlias = false, int actions = 0)
    {
        var path = ElasticPaths.Bulk(refresh, requireAlias);
        var response = await RawAsync(System.Net.Http.HttpMethod.Post, path, PostData.ReadOnlyMemory(ndjson), NdjsonRequest, ct).ConfigureAwait(false);
        var status = response.ApiCallDetails.HttpStatusCode!.Value;
        if (status is < 200 or >= 300)
            throw ToException(System.Net.Http.HttpMethod.Post, path,
                new RestResponse((System.Net.HttpStatusCode)status, RestErrorBody.Parse(response.ApiCallDetails.ResponseBodyInBytes ?? response.Body)), "bulk request");
        return BulkResponseReader.Read(response.Body, actions);
    }

    // ---- single documents with optimistic concurrency (the loader's state) --------------------------------------

    /// <summary>A document's source with the sequence number and primary term a conditional write must name.</summary>
    public sealed record VersionedDocument(JsonObject Source, long SeqNo, long PrimaryTerm);

    /// <summary><c>GET index/_doc/id</c> (typed); null when the document or the index does not exist.</summary>
    public async Task<VersionedDocument?> GetDocumentAsync(string index, string id, string what, CancellationToken ct)
    {
        var response = await CallAsync(t => client.GetAsync<JsonObject>(index, id, t), ct).ConfigureAwait(false);
        if (response.ApiCallDetails.HttpStatusCode == 404) return null;
        ThrowIfFailed(response, what);
        if (!response.Found || response.Source is null) return null;
        return new VersionedDocument(response.Source, response.SeqNo ?? 0, response.PrimaryTerm ?? 0);
    }

    /// <summary>
    /// <c>PUT index/_create/id?require_alias=true</c> (typed); null when the document already exists (409). The target must be
    /// an alias apply created: Elasticsearch then refuses (404) instead of auto-creating a plain index.
    /// </summary>
    public async Task<(long SeqNo, long PrimaryTerm)?> TryCreateDocumentAsync(string index, string id, JsonObject source, string what, CancellationToken ct)
    {
        var response = await CallAsync(t => client.CreateAsync(new CreateRequest<JsonObject>(source, index, id) { RequireAlias = true }, t), ct).ConfigureAwait(false);
        if (response.ApiCallDetails.HttpStatusCode == 409) return null;
        if (response.ApiCallDetails.HttpStatusCode == 404) throw NotAnAlias(index);
        ThrowIfFailed(response, what);
        return (response.SeqNo ?? 0, response.PrimaryTerm ?? 0);
    }

    /// <summary>
    /// <c>PUT index/_doc/id?if_seq_no=…&amp;if_primary_term=…</c> (typed): replaces the document only if nobody wrote it since;
    /// null when somebody did (409).
    /// </summary>
    public async Task<(long SeqNo, long PrimaryTerm)?> TryReplaceDocumentAsync(string index, string id, JsonObject source, long seqNo, long primaryTerm, string what, CancellationToken ct)
    {
        var request = new IndexRequest<JsonObject>(source, index, id) { IfSeqNo = seqNo, IfPrimaryTerm = primaryTerm, RequireAlias = true };
        var response = await CallAsync(t => client.IndexAsync(request, t), ct).ConfigureAwait(false);
        if (response.ApiCallDetails.HttpStatusCode == 409) return null;
        if (response.ApiCallDetails.HttpStatusCode == 404) throw NotAnAlias(index);
        ThrowIfFailed(response, what);
        return (response.SeqNo ?? 0, response.PrimaryTerm ?? 0);
    }

    private static InvalidOperationException NotAnAlias(string alias) =>
        new($"{alias} is not an alias in Elasticsearch yet: run apply first (the loader writes only through the aliases apply creates, so nothing is auto-created)");
}
