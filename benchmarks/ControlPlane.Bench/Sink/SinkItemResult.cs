using ControlPlane.ElasticRules;

namespace ControlPlane.Bench;

/// <summary>The answer to one <c>_bulk</c> item, in Elasticsearch's terms (status, result, version, or an error).</summary>
internal readonly record struct SinkItemResult(string Index, string Id, int Status, string? Result, long Version, string? ErrorType, string? ErrorReason)
{
    public bool Failed => ErrorType is not null;

    public static SinkItemResult Written(string index, string id, long version, bool created) =>
        new(index, id, created ? 201 : 200, created ? "created" : "updated", version, null, null);

    public static SinkItemResult Deleted(string index, string id, long version) => new(index, id, 200, "deleted", version, null, null);

    public static SinkItemResult NotFound(string index, string id, long version) => new(index, id, 404, "not_found", version, null, null);

    public static SinkItemResult Conflict(string index, string id, long current, long requested, string? versionType) =>
        new(index, id, 409, null, current, "version_conflict_engine_exception", VersionRules.ConflictReason(id, current, requested, versionType));

    public static SinkItemResult Refused(string index, string id, int status, string type, string reason) => new(index, id, status, null, 0, type, reason);
}
