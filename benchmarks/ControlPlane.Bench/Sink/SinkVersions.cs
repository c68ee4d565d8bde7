namespace ControlPlane.Bench;

/// <summary>
/// How Elasticsearch decides a versioned write (<c>version</c> + <c>version_type</c>) against the stored version
/// (reference: docs "Index API", Versioning: external / external_gte; VersionType.java in elastic/elasticsearch).
/// The one implementation of the rule: the bench's stand-in and the tests' fake Elasticsearch both call it.
/// </summary>
internal static class SinkVersions
{
    /// <summary>
    /// The version the document gets, or null when the write loses (409). Without a version the write is internal:
    /// it always wins and counts up. <c>external_gte</c> wins on an equal version, <c>external</c> needs a greater one.
    /// </summary>
    public static long? Decide(long? current, long? requested, string? type)
    {
        if (requested is not { } wanted) return (current ?? 0) + 1;
        if (current is not { } stored) return wanted;
        var wins = type == "external_gte" ? wanted >= stored : wanted > stored;
        return wins ? wanted : null;
    }

    public static string ConflictReason(string id, long current, long requested) =>
        $"[{id}]: version conflict, current version [{current}] is higher or equal to the one provided [{requested}]";
}
