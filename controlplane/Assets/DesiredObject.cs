using System.Text.Json.Nodes;
using ControlPlane.Elastic;

namespace ControlPlane.Assets;

/// <summary>An ILM policy, component template, index template or ingest pipeline as we PUT it: the asset body with our <c>_meta</c>.</summary>
public sealed record DesiredObject(string Kind, string Name, ElasticAsset Asset, JsonObject Body)
{
    public string Path => Kind switch
    {
        AssetKinds.IlmPolicy => ElasticPaths.IlmPolicy(Name),
        AssetKinds.ComponentTemplate => ElasticPaths.ComponentTemplate(Name),
        AssetKinds.IndexTemplate => ElasticPaths.IndexTemplate(Name),
        AssetKinds.IngestPipeline => ElasticPaths.IngestPipeline(Name),
        _ => throw new ArgumentException($"{Kind} is not a plain PUT object"),
    };

    public AssetRequest Put => new(Kind, Name, "PUT", Path, (JsonObject)Body.DeepClone(), AssetKinds.Operation(Kind), Asset);

    public AssetRequest Delete => new(Kind, Name, "DELETE", Path, null, null, Asset, IgnoreNotFound: true);

    /// <summary>Stamps <c>_meta</c> where the kind keeps it: <c>policy._meta</c> for ILM, the top level otherwise.</summary>
    public static DesiredObject From(ElasticAsset asset)
    {
        var body = (JsonObject)asset.Body.DeepClone();
        var holder = asset.Kind == AssetKinds.IlmPolicy ? body["policy"] as JsonObject ?? throw new AssetException(asset.File, asset.LineOf(""), "an ILM policy body needs 'policy'") : body;
        var hashed = (JsonObject)body.DeepClone();
        (asset.Kind == AssetKinds.IlmPolicy ? (JsonObject)hashed["policy"]! : hashed).Remove("_meta");
        ManagedMeta.Stamp(holder, asset.Name, asset.Version, hashed);
        return new DesiredObject(asset.Kind, asset.Name, asset, body);
    }
}
