namespace ControlPlane.Assets;

/// <summary>
/// Everything the repository asks Elasticsearch to hold, as request bodies with our <c>_meta</c>, in apply order.
/// Built offline from the assets; <c>render</c> writes <see cref="EmptyClusterRequests"/>, <c>plan</c> compares against live.
/// </summary>
public sealed class DesiredState
{
    private DesiredState(ElasticAssets assets, IReadOnlyList<DesiredObject> objects, IReadOnlyList<DesiredIndex> indices, IReadOnlyList<DesiredTransform> transforms)
    {
        Assets = assets;
        Objects = objects;
        Indices = indices;
        Transforms = transforms;
    }

    public ElasticAssets Assets { get; }
    /// <summary>ILM policies, component templates, index templates, pipelines, roles, in that order, each sorted by name.</summary>
    public IReadOnlyList<DesiredObject> Objects { get; }
    /// <summary>The indices of index assets (transform destinations are in <see cref="Transforms"/>).</summary>
    public IReadOnlyList<DesiredIndex> Indices { get; }
    /// <summary>Transforms, upstream before downstream.</summary>
    public IReadOnlyList<DesiredTransform> Transforms { get; }

    public IEnumerable<DesiredIndex> AllIndices => Indices.Concat(Transforms.Select(t => t.Dest));

    public static DesiredState Build(ElasticAssets assets)
    {
        var objects = new[] { AssetKinds.IlmPolicy, AssetKinds.ComponentTemplate, AssetKinds.IndexTemplate, AssetKinds.IngestPipeline, AssetKinds.Role }
            .SelectMany(assets.Of).Select(DesiredObject.From).ToList();
        var indices = assets.Of(AssetKinds.Index).Select(a => DesiredIndex.From(assets, a, a.Body, isWriteIndex: true)).ToList();
        var transforms = assets.TransformsInDependencyOrder().Select(a => DesiredTransform.From(assets, a)).ToList();
        return new DesiredState(assets, objects, indices, transforms);
    }

    /// <summary>Every request apply sends to an empty cluster, in order (what <c>render</c> writes).</summary>
    public IEnumerable<AssetRequest> EmptyClusterRequests()
    {
        foreach (var o in Objects) yield return o.Put;
        foreach (var i in Indices) yield return i.Create(withAlias: true);
        foreach (var t in Transforms)
        {
            yield return t.Dest.Create(withAlias: true);
            yield return t.Put;
            if (t.Start) yield return t.StartRequest;
        }
    }
}
