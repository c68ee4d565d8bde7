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
public sealed class LoaderStateStore(ElasticsearchGateway es)
{
    public async Task<StoredState?> GetAsync(string source, CancellationToken ct)
    {
        var doc = await es.GetDocumentAsync(IndexNames.LoaderState, source, $"reading the loader state of {source}", ct).ConfigureAwait(false);
        if (doc is null) return null;
        var state = doc.Source.Deserialize<LoaderState>(LoaderState.Json) ?? new LoaderState();
        return new StoredState(state, doc.SeqNo, doc.PrimaryTerm);
    }

    /// <summary>Creates the document; null when it already exists.</summary>
    public async Task<StoredState?> TryCreateAsync(LoaderState state, CancellationToken ct) =>
        Stored(state, await es.TryCreateDocumentAsync(IndexNames.LoaderState, state.Source, Body(state), What(state), ct).ConfigureAwait(false));

    /// <summary>Replaces the document if nobody wrote it since (<paramref name="seqNo"/>, <paramref name="primaryTerm"/>); null otherwise.</summary>
    public async Task<StoredState?> TryReplaceAsync(LoaderState state, long seqNo, long primaryTerm, CancellationToken ct) =>
        Stored(state, await es.TryReplaceDocumentAsync(IndexNames.LoaderState, state.Source, Body(state), seqNo, primaryTerm, What(state), ct).ConfigureAwait(false));

    private static JsonObject Body(LoaderState state) => JsonSerializer.SerializeToNode(state, LoaderState.Json)!.AsObject();

    private static string What(LoaderState state) => $"writing the loader state of {state.Source}";

    private static StoredState? Stored(LoaderState state, (long SeqNo, long PrimaryTerm)? written) =>
        written is { } w ? new StoredState(state.Copy(), w.SeqNo, w.PrimaryTerm) : null;
}
