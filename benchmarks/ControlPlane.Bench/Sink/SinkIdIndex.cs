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

    /// <summary>Whether the stored document of <paramref name="id"/> is a tombstone.</summary>
    public bool IsTombstone(string id) => _tombstones.Contains(id);

    public SinkItemResult Index(string index, string id, long? version, string? versionType, bool tombstone = false)
    {
        Stats.IndexActions++;
        var exists = _versions.TryGetValue(id, out var current);
        if (SinkVersions.Decide(exists ? current : null, version, versionType) is not { } next)
        {
            Stats.Conflicts++;
            return SinkItemResult.Conflict(index, id, current, version!.Value);
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
        if (SinkVersions.Decide(current, version, versionType) is not { } next)
        {
            Stats.Conflicts++;
            return SinkItemResult.Conflict(index, id, current, version!.Value);
        }
        _versions.Remove(id);
        _tombstones.Remove(id);
        Stats.Documents = _versions.Count;
        Stats.Tombstones = _tombstones.Count;
        return SinkItemResult.Deleted(index, id, next);
    }
}
