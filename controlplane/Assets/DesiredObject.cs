using System.Text.Json.Nodes;
using ControlPlane.Elastic;

namespace ControlPlane.Assets;

/// <summary>
/// An ILM policy, component template, index template, ingest pipeline or role as we PUT it: the asset body with our
/// <c>_meta</c> (a role has none: ours is marked by the same keys directly in its <c>metadata</c>).
/// </summary>
public sealed record DesiredObject(string Kind, string Name, ElasticAsset Asset, JsonObject Body)
{
    public string Path => Kind switch
    {
        AssetKinds.IlmPolicy => ElasticPaths.IlmPolicy(Name),
        AssetKinds.ComponentTemplate => ElasticPaths.ComponentTemplate(Name),
        AssetKinds.IndexTemplate => ElasticPaths.IndexTemplate(Name),
        AssetKinds.IngestPipeline => ElasticPaths.IngestPipeline(Name),
        AssetKinds.Role => ElasticPaths.Role(Name),
        _ => throw new ArgumentException($"{Kind} is not a plain PUT object"),
    };

    public AssetRequest Put => new(Kind, Name, "PUT", Path, (JsonObject)Body.DeepClone(), AssetKinds.Operation(Kind), Asset);

    public AssetRequest Delete => new(Kind, Name, "DELETE", Path, null, null, Asset, IgnoreNotFound: true);

    /// <summary>Stamps <c>_meta</c> where the kind keeps it: <c>policy._meta</c> for ILM, the top level otherwise.</summary>
    public static DesiredObject From(ElasticAsset asset)
    {
        if (asset.Kind == AssetKinds.Role) return Role(asset);
        var body = (JsonObject)asset.Body.DeepClone();
        var holder = asset.Kind == AssetKinds.IlmPolicy ? body["policy"] as JsonObject ?? throw new AssetException(asset.File, asset.LineOf(""), "an ILM policy body needs 'policy'") : body;
        var hashed = (JsonObject)body.DeepClone();
        (asset.Kind == AssetKinds.IlmPolicy ? (JsonObject)hashed["policy"]! : hashed).Remove("_meta");
        ManagedMeta.Stamp(holder, asset.Name, asset.Version, hashed);
        return new DesiredObject(asset.Kind, asset.Name, asset, body);
    }

    /// <summary>
    /// A role's marks go into <c>metadata</c> itself: roles have no <c>_meta</c>, and metadata keys starting with <c>_</c>
    /// are reserved for Elasticsearch (PUT _security/role, https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-security-put-role).
    /// </summary>
    private static DesiredObject Role(ElasticAsset asset)
    {
        var body = (JsonObject)asset.Body.DeepClone();
        var hashed = (JsonObject)body.DeepClone();
        if (hashed["metadata"] is JsonObject m) ManagedMeta.Unstamp(m);
        var metadata = body["metadata"] as JsonObject ?? new JsonObject();
        ManagedMeta.StampInto(metadata, asset.Name, asset.Version, hashed);
        body["metadata"] = metadata;
        return new DesiredObject(asset.Kind, asset.Name, asset, body);
    }
}
