using ControlPlane.ElasticRules;

namespace ControlPlane.Bench;

/// <summary>
/// Whole documents written one at a time (<c>PUT INDEX/_doc/ID</c>, <c>_create</c>): the loader's state document. Kept
/// as their JSON bytes with a version and a sequence number per index, so <c>if_seq_no</c>/<c>if_primary_term</c>
/// writes and <c>_create</c> conflict exactly as in Elasticsearch (one shard, primary term 1).
/// Not thread-safe: the <see cref="SinkStore"/> lock guards it.
/// </summary>
internal sealed class SinkDocuments
{
    public const long PrimaryTerm = 1;

    private readonly Dictionary<(string Index, string Id), SinkDocument> _documents = [];
    private readonly Dictionary<string, long> _nextSeqNo = new(StringComparer.Ordinal);

    public SinkDocument? Get(string index, string id) => _documents.GetValueOrDefault((index, id));

    /// <summary>Writes the document or says why not: (201 or 200, the stored document, null) or (409, null, the reason).</summary>
    public (int Status, SinkDocument? Stored, string? Conflict) Write(string index, string id, byte[] source, bool create, long? ifSeqNo, long? ifPrimaryTerm)
    {
        var current = Get(index, id);
        if (create && current is not null) return (409, null, VersionRules.CreateConflictReason(id, current.Version));
        if (ifSeqNo is { } seqNo
            && VersionRules.SeqNoConflict(id, current is null ? null : (current.SeqNo, PrimaryTerm), seqNo, ifPrimaryTerm ?? PrimaryTerm) is { } conflict)
            return (409, null, conflict);
        var next = _nextSeqNo.GetValueOrDefault(index);
        _nextSeqNo[index] = next + 1;
        var stored = new SinkDocument(source, (current?.Version ?? 0) + 1, next);
        _documents[(index, id)] = stored;
        return (current is null ? 201 : 200, stored, null);
    }
}

/// <summary>A stored document: its <c>_source</c> bytes, <c>_version</c> and <c>_seq_no</c>.</summary>
internal sealed record SinkDocument(byte[] Source, long Version, long SeqNo);
