namespace ControlPlane.ElasticRules;

/// <summary>
/// How Elasticsearch decides a write against the stored document: a versioned write (<c>version</c> +
/// <c>version_type</c>), <c>op_type=create</c>, and <c>if_seq_no</c>/<c>if_primary_term</c>, with the conflict texts it
/// answers (reference: docs "Index API", Versioning and Optimistic concurrency control;
/// server/src/main/java/org/elasticsearch/index/VersionType.java and
/// server/src/main/java/org/elasticsearch/index/engine/VersionConflictEngineException.java in elastic/elasticsearch).
/// The one implementation of the rule: the bench's stand-in and the tests' fake Elasticsearch both call it.
/// </summary>
public static class VersionRules
{
    /// <summary>
    /// The version the document gets, or null when the write loses (409). Without a version the write is internal:
    /// it always wins and counts up. <c>external_gte</c> wins on an equal version, <c>external</c> (and its alias
    /// <c>external_gt</c>) needs a greater one.
    /// </summary>
    public static long? Decide(long? current, long? requested, string? type)
    {
        if (requested is not { } wanted || type is null or "internal") return (current ?? 0) + 1;
        if (current is not { } stored) return wanted;
        var wins = type == "external_gte" ? wanted >= stored : wanted > stored;
        return wins ? wanted : null;
    }

    /// <summary>Why a versioned write lost, as VersionType.explainConflictForWrites words it per version type.</summary>
    public static string ConflictReason(string id, long current, long requested, string? type = "external") =>
        type == "external_gte"
            ? $"[{id}]: version conflict, current version [{current}] is higher than the one provided [{requested}]"
            : $"[{id}]: version conflict, current version [{current}] is higher or equal to the one provided [{requested}]";

    /// <summary><c>op_type=create</c> (or <c>_create</c>, a bulk <c>create</c>) on an id that exists: 409 with this reason.</summary>
    public static string CreateConflictReason(string id, long current) =>
        $"[{id}]: version conflict, document already exists (current version [{current}])";

    /// <summary>
    /// <c>if_seq_no</c>/<c>if_primary_term</c>: null when the stored document (null: none) carries exactly those, else the
    /// 409 reason as VersionConflictEngineException words it.
    /// </summary>
    public static string? SeqNoConflict(string id, (long SeqNo, long PrimaryTerm)? current, long ifSeqNo, long ifPrimaryTerm)
    {
        if (current is { } c && c.SeqNo == ifSeqNo && c.PrimaryTerm == ifPrimaryTerm) return null;
        var found = current is { } d ? $"current document has seqNo [{d.SeqNo}] and primary term [{d.PrimaryTerm}]" : "but no document was found";
        return $"[{id}]: version conflict, required seqNo [{ifSeqNo}], primary term [{ifPrimaryTerm}]. {found}";
    }
}
