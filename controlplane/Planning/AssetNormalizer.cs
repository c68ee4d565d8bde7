using System.Text.Json.Nodes;
using ControlPlane.Assets;

namespace ControlPlane.Planning;

/// <summary>
/// Brings what we PUT and what a GET answers to one shape per kind, so a fresh apply never shows drift and a hand edit
/// always does. Each rule undoes one way Elasticsearch's answer differs from the request (server fields, defaults it
/// fills in, settings as strings, renamed keys); both sides go through the same function. Golden cases in
/// tests/ControlPlane.Tests/Planning/Golden/ pin every rule.
/// </summary>
public static class AssetNormalizer
{
    /// <summary>Timestamps Elasticsearch 9.x adds to templates and pipelines.</summary>
    private static readonly string[] TrackingFields = ["created_date", "created_date_millis", "modified_date", "modified_date_millis"];

    /// <summary>Fields GET _transform adds that are not configuration.</summary>
    private static readonly string[] TransformServerFields = ["id", "version", "create_time", "create_time_string", "authorization", "headers"];

    public static JsonObject Normalize(string kind, JsonObject body) => kind switch
    {
        AssetKinds.ComponentTemplate => ComponentTemplate(body),
        AssetKinds.IndexTemplate => IndexTemplate(body),
        AssetKinds.IngestPipeline => Pipeline(body),
        AssetKinds.IlmPolicy => IlmPolicy(body),
        AssetKinds.Transform => Transform(body),
        AssetKinds.Role => Role(body),
        _ => throw new ArgumentException($"no normalization for kind '{kind}'"),
    };

    public static JsonObject ComponentTemplate(JsonObject body)
    {
        var r = Clone(body);
        foreach (var f in TrackingFields) r.Remove(f);
        DropFalse(r, "deprecated");
        r["template"] = Template(r["template"] as JsonObject);
        return r;
    }

    public static JsonObject IndexTemplate(JsonObject body)
    {
        var r = ComponentTemplate(body);
        if (r["template"] is JsonObject { Count: 0 }) r.Remove("template");
        if (r["index_patterns"] is JsonValue single) r["index_patterns"] = new JsonArray(single.DeepClone());
        DropEmptyArray(r, "composed_of");
        DropEmptyArray(r, "ignore_missing_component_templates");
        if (r["data_stream"] is JsonObject ds)
        {
            ds["hidden"] ??= false;
            ds["allow_custom_routing"] ??= false;
        }
        return r;
    }

    /// <summary>The <c>template</c> part of a template: settings flat, mappings normalized, empty parts dropped (ES omits empty mappings).</summary>
    private static JsonObject Template(JsonObject? template)
    {
        var r = new JsonObject();
        if (template is null) return r;
        foreach (var (key, value) in template)
        {
            JsonNode? normalized = key switch
            {
                "settings" => SettingsFlattener.Flatten(value as JsonObject),
                "mappings" => MappingsNormalizer.Normalize(value as JsonObject),
                _ => value?.DeepClone(),
            };
            if (normalized is JsonObject { Count: 0 } && key is "settings" or "mappings" or "aliases") continue;
            r[key] = normalized;
        }
        return r;
    }

    /// <summary>
    /// A role as PUT and as GET _security/role answers it: the answer adds <c>transient_metadata</c> (license state, not
    /// configuration), empty <c>applications</c>/<c>run_as</c> (and in 8.14+ <c>remote_indices</c>/<c>remote_cluster</c>) and
    /// <c>allow_restricted_indices: false</c> per index entry, and lists <c>names</c> as an array
    /// (https://www.elastic.co/guide/en/elasticsearch/reference/current/security-api-get-role.html).
    /// </summary>
    public static JsonObject Role(JsonObject body)
    {
        var r = Clone(body);
        r.Remove("transient_metadata");
        foreach (var key in new[] { "cluster", "indices", "applications", "run_as", "remote_indices", "remote_cluster" }) DropEmptyArray(r, key);
        if (r["metadata"] is JsonObject { Count: 0 }) r.Remove("metadata");
        if (r["global"] is JsonObject { Count: 0 }) r.Remove("global");
        foreach (var key in new[] { "indices", "remote_indices" })
            foreach (var entry in r[key] as JsonArray ?? [])
            {
                if (entry is not JsonObject e) continue;
                if (e["names"] is JsonValue single) e["names"] = new JsonArray(single.DeepClone());
                DropFalse(e, "allow_restricted_indices");
            }
        return r;
    }

    public static JsonObject Pipeline(JsonObject body)
    {
        var r = Clone(body);
        foreach (var f in TrackingFields) r.Remove(f);
        DropFalse(r, "deprecated");
        return r;
    }

    /// <summary>
    /// <c>{"policy": …}</c> as PUT takes it; GET answers it inside <c>{NAME: {version, modified_date, policy, in_use_by}}</c>
    /// and fills in <c>min_age: 0ms</c> and each action's defaults.
    /// </summary>
    public static JsonObject IlmPolicy(JsonObject body)
    {
        var policy = body["policy"] is JsonObject p ? Clone(p) : new JsonObject();
        if (policy["phases"] is JsonObject phases)
            foreach (var (_, phaseNode) in phases)
            {
                if (phaseNode is not JsonObject phase) continue;
                phase["min_age"] ??= "0ms";
                if (phase["actions"] is not JsonObject actions) continue;
                foreach (var (name, actionNode) in actions)
                {
                    if (actionNode is not JsonObject action) continue;
                    foreach (var (key, value) in IlmActionDefaults(name)) action[key] ??= value;
                }
            }
        return new JsonObject { ["policy"] = policy };
    }

    /// <summary>Defaults Elasticsearch writes out for ILM actions given without them.</summary>
    private static IEnumerable<(string Key, JsonNode Value)> IlmActionDefaults(string action) => action switch
    {
        "delete" => [("delete_searchable_snapshot", JsonValue.Create(true))],
        "allocate" => [("include", new JsonObject()), ("exclude", new JsonObject()), ("require", new JsonObject())],
        "migrate" => [("enabled", JsonValue.Create(true))],
        "shrink" => [("allow_write_after_shrink", JsonValue.Create(false))],
        "searchable_snapshot" => [("force_merge_index", JsonValue.Create(true))],
        _ => [],
    };

    /// <summary>
    /// A transform's configuration: server fields dropped, <c>source.index</c> always a list, the default
    /// <c>match_all</c> query and 60s sync delay filled in, <c>aggs</c> spelled <c>aggregations</c>, empty settings dropped.
    /// </summary>
    public static JsonObject Transform(JsonObject body)
    {
        var r = Clone(body);
        foreach (var f in TransformServerFields) r.Remove(f);
        if (r["source"] is JsonObject source)
        {
            if (source["index"] is JsonValue single)
                source["index"] = new JsonArray(single.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            source["query"] ??= new JsonObject { ["match_all"] = new JsonObject() };
            if (source["runtime_mappings"] is JsonObject { Count: 0 }) source.Remove("runtime_mappings");
        }
        if (r["pivot"] is JsonObject pivot && pivot["aggs"] is { } aggs && pivot["aggregations"] is null)
        {
            pivot.Remove("aggs");
            pivot["aggregations"] = aggs;
        }
        if (r["sync"]?["time"] is JsonObject time) time["delay"] ??= "60s";
        if (r["settings"] is JsonObject { Count: 0 }) r.Remove("settings");
        return r;
    }

    private static JsonObject Clone(JsonObject o) => (JsonObject)o.DeepClone();

    private static void DropFalse(JsonObject o, string key)
    {
        if (o[key] is JsonValue v && v.TryGetValue(out bool b) && !b) o.Remove(key);
    }

    private static void DropEmptyArray(JsonObject o, string key)
    {
        if (o[key] is JsonArray { Count: 0 }) o.Remove(key);
    }
}
