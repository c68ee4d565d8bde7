using ControlPlane.ElasticRules;

namespace ControlPlane.Bench;

/// <summary>
/// An index of which the sink keeps only ids and versions (flagged sales, dead letters, any other index written
/// with <c>_bulk</c>) and which documents are tombstones (<c>deleted: true</c>, docs/assets.md "Deletes"): enough to
/// answer versioned writes, deletes and <c>ids</c> queries (with <c>must_not deleted: true</c>) as Elasticsearch does.
/// Not thread-safe: the <see cref="SinkStore"/> lock guards it.
/// </summary>
internal sealed class SinkIdIndex
{
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tombstones = new(StringComparer.Ordinal);

    public SinkIndexStats Stats { get; } = new();

    public IEnumerable<string> Ids => _versions.Keys;

    public bool Contains(string id) => _versions.ContainsKey(id);

    /// <summary>The stored version of <paramref name="id"/>, null when there is no such document.</summary>
    public long? Version(string id) => _versions.TryGetValue(id, out var v) ? v : null;

    /// <summary>What an id-only index can be asked about: the id, and whether the document is a tombstone.</summary>
    public static readonly IReadOnlySet<string> KeptFields = new HashSet<string>(StringComparer.Ordinal) { "_id", "deleted" };

    /// <summary>A reader over the documents, positioned with <see cref="Reader.At"/> (one per search).</summary>
    public Reader NewReader() => new(this);

    /// <summary>One document of the index as the shared query rules read it: its <c>_id</c> and <c>deleted</c>.</summary>
    public sealed class Reader(SinkIdIndex index) : IDocumentFields
    {
        public string Id { get; private set; } = "";

        public Reader At(string id)
        {
            Id = id;
            return this;
        }

        public FieldValues Values(string field) => field switch
        {
            "_id" => new FieldValues(FieldValue.Keyword(Id)),
            "deleted" => index._tombstones.Contains(Id) ? new FieldValues(FieldValue.Of(true)) : FieldValues.None,
            _ => throw new QueryParsingException($"the bench sink keeps only the ids of this index, not [{field}]"),
        };
    }

    /// <summary>Whether the stored document of <paramref name="id"/> is a tombstone.</summary>
    public bool IsTombstone(string id) => _tombstones.Contains(id);

    public SinkItemResult Index(string index, string id, long? version, string? versionType, bool tombstone = false)
    {
        Stats.IndexActions++;
        var exists = _versions.TryGetValue(id, out var current);
        if (VersionRules.Decide(exists ? current : null, version, versionType) is not { } next)
        {
            Stats.Conflicts++;
            return SinkItemResult.Conflict(index, id, current, version!.Value, versionType);
        }
        if (exists) Stats.Repeats++;
        _versions[id] = next;
        if (tombstone) _tombstones.Add(id); else _tombstones.Remove(id);
        Stats.Documents = _versions.Count;
        Stats.Tombstones = _tombstones.Count;
        return SinkItemResult.Written(index, id, next, created: !exists);
    }

    public SinkItemResult Delete(string index, string id, long? version, string? versionType)
    {
        Stats.DeleteActions++;
        if (!_versions.TryGetValue(id, out var current)) return SinkItemResult.NotFound(index, id, version ?? 1);
        if (VersionRules.Decide(current, version, versionType) is not { } next)
        {
            Stats.Conflicts++;
            return SinkItemResult.Conflict(index, id, current, version!.Value, versionType);
        }
        _versions.Remove(id);
        _tombstones.Remove(id);
        Stats.Documents = _versions.Count;
        Stats.Tombstones = _tombstones.Count;
        return SinkItemResult.Deleted(index, id, next);
    }
}
