using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;

namespace ControlPlane.Loading;

/// <summary>A state document as read, with the sequence number and primary term a conditional write must name.</summary>
public sealed record StoredState(LoaderState State, long SeqNo, long PrimaryTerm);

/// <summary>
/// Reads and writes the per-source documents of <c>platform_loader_state</c>. Writes are conditional
/// (<c>_create</c>, or <c>if_seq_no</c>/<c>if_primary_term</c>): a 409 means another process wrote first and is
/// answered with null, never overwritten. Every write names the alias with <c>require_alias=true</c>, so a cluster without
/// our assets refuses it instead of auto-creating a plain index that apply would then have to refuse. Lives in Elasticsearch so a fresh cluster means a full load and replicas share it.
/// </summary>
public sealed class LoaderStateStore(ElasticsearchClient es)
{
    public async Task<StoredState?> GetAsync(string source, CancellationToken ct)
    {
        var body = await es.GetOrNullAsync($"{IndexNames.LoaderState}/_doc/{Uri.EscapeDataString(source)}", ct, $"reading the loader state of {source}").ConfigureAwait(false);
        if (body?["found"]?.GetValue<bool>() != true || body["_source"] is not JsonObject doc) return null;
        var state = doc.Deserialize<LoaderState>(LoaderState.Json) ?? new LoaderState();
        return new StoredState(state, body["_seq_no"]!.GetValue<long>(), body["_primary_term"]!.GetValue<long>());
    }

    /// <summary>Creates the document; null when it already exists.</summary>
    public Task<StoredState?> TryCreateAsync(LoaderState state, CancellationToken ct) =>
        WriteAsync($"{IndexNames.LoaderState}/_create/{Uri.EscapeDataString(state.Source)}?require_alias=true", state, ct);

    /// <summary>Replaces the document if nobody wrote it since (<paramref name="seqNo"/>, <paramref name="primaryTerm"/>); null otherwise.</summary>
    public Task<StoredState?> TryReplaceAsync(LoaderState state, long seqNo, long primaryTerm, CancellationToken ct) =>
        WriteAsync($"{IndexNames.LoaderState}/_doc/{Uri.EscapeDataString(state.Source)}?if_seq_no={seqNo}&if_primary_term={primaryTerm}&require_alias=true", state, ct);

    private async Task<StoredState?> WriteAsync(string path, LoaderState state, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToNode(state, LoaderState.Json);
        var response = await es.SendAsync(HttpMethod.Put, path, body, ct).ConfigureAwait(false);
        if (response.StatusCode == 409) return null;
        if (response.StatusCode == 404)
            throw new InvalidOperationException($"{IndexNames.LoaderState} is not an alias in Elasticsearch yet: run apply first (the loader writes only through the aliases apply creates, so nothing is auto-created)");
        if (!response.IsSuccess) throw es.Transport.ToException(HttpMethod.Put, path, response, $"writing the loader state of {state.Source}");
        return new StoredState(state.Copy(), response.Body!["_seq_no"]!.GetValue<long>(), response.Body!["_primary_term"]!.GetValue<long>());
    }
}
