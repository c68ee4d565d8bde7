using System.Text.Json.Nodes;
using ControlPlane.Assets;

namespace ControlPlane.Planning;

/// <summary>
/// What the cluster holds, as far as plan needs it: every template, pipeline, ILM policy and transform (to find ours that
/// left the repository), every index's mappings (for <c>_meta</c>), and in detail the indices and aliases we want.
/// </summary>
public sealed class LiveState
{
    /// <summary>An empty cluster: what <c>render</c> plans against.</summary>
    public static LiveState Empty => new();

    public Dictionary<string, JsonObject> IlmPolicies { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, JsonObject> ComponentTemplates { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, JsonObject> IndexTemplates { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, JsonObject> Pipelines { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, JsonObject> Transforms { get; } = new(StringComparer.Ordinal);
    /// <summary>Native-realm roles by name, as <c>GET _security/role</c> answers them.</summary>
    public Dictionary<string, JsonObject> Roles { get; } = new(StringComparer.Ordinal);
    /// <summary>Why <c>GET _security/role</c> was refused (403: no <c>read_security</c>); null when the roles were read.</summary>
    public string? RolesUnreadable { get; set; }
    /// <summary>Transform id → <c>started</c>, <c>indexing</c>, <c>stopped</c>, <c>failed</c>…</summary>
    public Dictionary<string, string> TransformStates { get; } = new(StringComparer.Ordinal);
    /// <summary>Every visible index → its mappings.</summary>
    public Dictionary<string, JsonObject> IndexMappings { get; } = new(StringComparer.Ordinal);
    /// <summary>The indices we want that exist.</summary>
    public Dictionary<string, LiveIndex> Indices { get; } = new(StringComparer.Ordinal);
    /// <summary>Alias we want → the indices holding it → whether each is its write index.</summary>
    public Dictionary<string, Dictionary<string, bool>> AliasHolders { get; } = new(StringComparer.Ordinal);

    /// <summary>The live objects of a plain PUT kind.</summary>
    public Dictionary<string, JsonObject> Objects(string kind) => kind switch
    {
        AssetKinds.IlmPolicy => IlmPolicies,
        AssetKinds.ComponentTemplate => ComponentTemplates,
        AssetKinds.IndexTemplate => IndexTemplates,
        AssetKinds.IngestPipeline => Pipelines,
        AssetKinds.Transform => Transforms,
        AssetKinds.Role => Roles,
        _ => throw new ArgumentException($"{kind} has no plain object list"),
    };

    /// <summary>Where each kind keeps <c>_meta</c>: <c>policy._meta</c> for ILM, <c>mappings._meta</c> for an index, <c>metadata</c> itself for a role, the top level otherwise.</summary>
    public static JsonNode? MetaOf(string kind, JsonObject body) => kind switch
    {
        AssetKinds.IlmPolicy => body["policy"]?["_meta"],
        AssetKinds.Index => body["mappings"]?["_meta"],
        AssetKinds.Role => body["metadata"],
        _ => body["_meta"],
    };

    public bool IsManagedIndex(string index) => IndexMappings.TryGetValue(index, out var m) ? ManagedMeta.IsManaged(m["_meta"])
        : Indices.TryGetValue(index, out var li) && ManagedMeta.IsManaged(li.Mappings["_meta"]);
}
