namespace ControlPlane.Elastic;

/// <summary>
/// Every Elasticsearch REST path the control plane sends (relative, no leading slash): the one place that knows them.
/// Names are escaped as path segments. Typed calls of the official client build their own paths.
/// </summary>
public static class ElasticPaths
{
    /// <summary>How many transforms one list call asks for; far more than a control plane defines.</summary>
    public const int TransformPage = 1000;

    public static string Segment(string name) => Uri.EscapeDataString(name);

    // ---- assets -------------------------------------------------------------------------------------------------
    public const string IlmPolicies = "_ilm/policy";
    public const string ComponentTemplates = "_component_template";
    public const string IndexTemplates = "_index_template";
    public const string IngestPipelines = "_ingest/pipeline";
    public const string Mappings = "_mapping";
    public const string Aliases = "_aliases";
    public static readonly string Transforms = $"_transform/_all?size={TransformPage}";
    public static readonly string TransformStats = $"_transform/_all/_stats?size={TransformPage}";

    public static string IlmPolicy(string name) => $"{IlmPolicies}/{Segment(name)}";
    public static string ComponentTemplate(string name) => $"{ComponentTemplates}/{Segment(name)}";
    public static string IndexTemplate(string name) => $"{IndexTemplates}/{Segment(name)}";
    public static string IngestPipeline(string name) => $"{IngestPipelines}/{Segment(name)}";
    public static string Index(string name) => Segment(name);
    public static string IndexMapping(string index) => $"{Segment(index)}/_mapping";
    public static string IndexSettings(string index) => $"{Segment(index)}/_settings";
    public static string Alias(string alias) => $"_alias/{Segment(alias)}";

    /// <summary>Native-realm roles: <c>GET _security/role</c> answers every role keyed by name.</summary>
    public const string Roles = "_security/role";
    public static string Role(string name) => $"{Roles}/{Segment(name)}";

    public static string Transform(string id) => $"_transform/{Segment(id)}";
    public static string StartTransform(string id) => Transform(id) + "/_start";
    public static string StopTransform(string id, bool force) => Transform(id) + "/_stop" + (force ? "?force=true" : "");
    public static string UpdateTransform(string id) => Transform(id) + "/_update";
    public static string TransformStatsOf(string id) => Transform(id) + "/_stats";
    public static string DeleteTransform(string id) => Transform(id) + "?force=true";

    // ---- data ---------------------------------------------------------------------------------------------------
    /// <summary>A search where a missing index reads as empty (before the first load), not as an error.</summary>
    public static string Search(string indices) => $"{indices}/_search?ignore_unavailable=true";
    public static string Count(string index) => $"{index}/_count";
    public const string License = "_license";
    public const string HasPrivileges = "_security/user/_has_privileges";
    public static string Refresh(IEnumerable<string> indices) => $"{string.Join(',', indices)}/_refresh?ignore_unavailable=true";

    /// <summary>
    /// <c>_bulk</c> asking only for each item's status and error (<c>filter_path</c>, as Logstash does): the full answer is
    /// several times larger and was, per page, a large object to buffer, copy and parse on the loader's hot path.
    /// </summary>
    /// With <paramref name="requireAlias"/>, a target that is not an alias is refused instead of auto-created.
    public static string Bulk(string? refresh, bool requireAlias = false) =>
        "_bulk?filter_path=took,errors,items.*.status,items.*.error" + (refresh is null ? "" : $"&refresh={refresh}") + (requireAlias ? "&require_alias=true" : "");
}
