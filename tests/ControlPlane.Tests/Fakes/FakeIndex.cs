using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Fakes;

/// <summary>One index of the fake: settings, mappings, aliases and its documents.</summary>
public sealed class FakeIndex(string name)
{
    public string Name { get; } = name;
    public JsonObject Settings { get; set; } = new();
    public JsonObject Mappings { get; set; } = new();
    public Dictionary<string, FakeDocument> Documents { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// What a search sees with <see cref="FakeElasticsearch.NearRealTime"/>: the documents as of the index's last refresh
    /// (null: never refreshed, nothing). A get by id always reads <see cref="Documents"/>, as a real get is real-time.
    /// </summary>
    public Dictionary<string, FakeDocument>? Refreshed { get; set; }

    /// <summary>Makes every write so far visible to searches.</summary>
    public void Refresh() => Refreshed = new Dictionary<string, FakeDocument>(Documents, StringComparer.Ordinal);

    /// <summary>The documents a search sees: all of them, or with near-real-time search the last refresh's.</summary>
    public IEnumerable<FakeDocument> Searchable(bool nearRealTime) => nearRealTime ? (IEnumerable<FakeDocument>?)Refreshed?.Values ?? [] : Documents.Values;
    public long NextSeqNo { get; set; }

    /// <summary>
    /// Versions of deleted documents and when they were deleted: Elasticsearch keeps a deleted document's version for
    /// <c>index.gc_deletes</c> (default 60s) so versioned writes can still be checked against it, and forgets it after
    /// (https://www.elastic.co/guide/en/elasticsearch/reference/current/index-modules.html#index-gc-deletes,
    /// https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-delete.html#delete-versioning).
    /// </summary>
    public Dictionary<string, (long Version, DateTimeOffset DeletedAt)> DeletedVersions { get; } = new(StringComparer.Ordinal);

    /// <summary><c>index.gc_deletes</c>: how long a delete's version is remembered. Defaults to 60s.</summary>
    public TimeSpan GcDeletes => Settings["index.gc_deletes"]?.ToString() is { } text && text.EndsWith('s') && int.TryParse(text[..^1], out var s)
        ? TimeSpan.FromSeconds(s) : TimeSpan.FromSeconds(60);

    /// <summary>Top-level field names a <c>dynamic: strict</c> mapping allows; null when the mapping is not strict.</summary>
    public HashSet<string>? StrictFields =>
        Mappings["dynamic"]?.ToString() == "strict" && Mappings["properties"] is JsonObject p ? p.Select(kv => kv.Key).ToHashSet() : null;
}

/// <summary>A stored document with Elasticsearch's version and sequence number.</summary>
public sealed record FakeDocument(string Id, JsonObject Source, long Version, long SeqNo, long PrimaryTerm = 1);

/// <summary>An alias over one or more indices; at most one is the write index.</summary>
public sealed record FakeAlias(string Name, string Index, bool IsWriteIndex, JsonObject? Filter = null);
