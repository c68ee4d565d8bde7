using System.Text.Json.Nodes;
using ControlPlane.Elastic;

namespace ControlPlane.Assets;

/// <summary>A transform as we create it: id <c>NAME-vN</c>, <c>dest.index</c> = its own destination <c>NAME-vN</c>, our <c>_meta</c>.</summary>
public sealed record DesiredTransform(string Id, string Alias, ElasticAsset Asset, JsonObject Body, bool Start, DesiredIndex Dest)
{
    /// <summary>A transform with <c>sync</c> runs forever once started; a batch one stops by itself when done.</summary>
    public bool IsContinuous => Body["sync"] is JsonObject;

    public string Path => ElasticPaths.Transform(Id);

    public AssetRequest Put => new(AssetKinds.Transform, Id, "PUT", Path, (JsonObject)Body.DeepClone(), RequestSchemas.PutTransform, Asset);

    public AssetRequest StartRequest => new(AssetKinds.Transform, Id, "POST", ElasticPaths.StartTransform(Id), null, null, Asset);

    public static DesiredTransform From(ElasticAssets assets, ElasticAsset asset)
    {
        var id = ElasticAsset.VersionedName(asset.Name, asset.Version);
        var body = (JsonObject)asset.Body.DeepClone();
        var dest = body["dest"] as JsonObject ?? new JsonObject();
        dest["index"] = id;
        body["dest"] = dest;
        var hashed = (JsonObject)body.DeepClone();
        hashed.Remove("_meta");
        ManagedMeta.Stamp(body, asset.Name, asset.Version, hashed);
        return new DesiredTransform(id, asset.Name, asset, body, asset.Start, DesiredIndex.From(assets, asset, null, isWriteIndex: false));
    }
}
