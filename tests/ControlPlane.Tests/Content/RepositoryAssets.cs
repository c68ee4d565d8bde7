using ControlPlane.Assets;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Content;

/// <summary>
/// The repository's Elasticsearch assets read by the engine (<see cref="ElasticAssetLoader"/>, <see cref="DesiredState"/>),
/// from the working tree, so the content tests check exactly what validate, render and apply work from.
/// </summary>
internal static class RepositoryAssets
{
    public static readonly AssetRoot Root = new(RepositoryRoot.Path);

    private static readonly Lazy<AssetLoadResult> Loaded = new(() => ElasticAssetLoader.Load(Root));
    private static readonly Lazy<DesiredState> Built = new(() => DesiredState.Build(Loaded.Value.OrThrow()));

    /// <summary>What reading the asset files found, problems included.</summary>
    public static AssetLoadResult Load => Loaded.Value;

    /// <summary>Every request body apply would send, with our <c>_meta</c>; fails the test naming file:line when an asset is unreadable.</summary>
    public static DesiredState Desired => Built.Value;

    public static ElasticAssets Assets => Desired.Assets;

    public static string Combine(params string[] parts) => Path.Combine([Root.Path, .. parts]);

    public static ElasticAsset Asset(string kind, string name) =>
        Assets.Find(kind, name) ?? throw new InvalidOperationException($"no {kind} named '{name}' (have: {string.Join(", ", Assets.FileNames(kind))})");

    /// <summary>The pipeline as apply PUTs it.</summary>
    public static DesiredObject Pipeline(string name) =>
        Desired.Objects.SingleOrDefault(o => o.Kind == AssetKinds.IngestPipeline && o.Name == name)
        ?? throw new InvalidOperationException($"no ingest pipeline named '{name}'");

    /// <summary>The transform as apply PUTs it (id and <c>dest.index</c> = <c>NAME-vN</c>).</summary>
    public static DesiredTransform Transform(string name) =>
        Desired.Transforms.SingleOrDefault(t => t.Alias == name)
        ?? throw new InvalidOperationException($"no transform named '{name}' (have: {string.Join(", ", Desired.Transforms.Select(t => t.Alias))})");

    /// <summary>The index apply creates behind an alias (an index asset or a transform destination), with its template applied.</summary>
    public static DesiredIndex Index(string alias) =>
        Desired.AllIndices.SingleOrDefault(i => i.Alias == alias)
        ?? throw new InvalidOperationException($"no index behind alias '{alias}' (have: {string.Join(", ", Desired.AllIndices.Select(i => i.Alias))})");

    /// <summary>The golden cases of a pipeline: <c>pipelines/tests/NAME/NN-name.json</c>, in file order.</summary>
    public static IReadOnlyList<string> GoldenCases(string pipeline)
    {
        var dir = Combine("pipelines", "tests", pipeline);
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal).ToList() : [];
    }
}
