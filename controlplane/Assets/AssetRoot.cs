namespace ControlPlane.Assets;

/// <summary>The repository folders assets are read from (interface.md: under the current directory or <c>--root</c>).</summary>
public sealed record AssetRoot(string Path)
{
    public string ElasticAssets => System.IO.Path.Combine(Path, "elastic-assets");
    public string Pipelines => System.IO.Path.Combine(Path, "pipelines");
    /// <summary>Golden cases of the pipelines: <c>pipelines/tests/PIPELINE/NN-name.json</c>, each <c>{"input", "expected"}</c>.</summary>
    public string PipelineTests => System.IO.Path.Combine(Pipelines, "tests");
    public string Transforms => System.IO.Path.Combine(Path, "transforms");
    public string KibanaSavedObjects => System.IO.Path.Combine(Path, "kibana-saved-objects");
    public string Sources => System.IO.Path.Combine(ElasticAssets, "sources");
    public string FraudRules => System.IO.Path.Combine(ElasticAssets, "fraud-rules");

    /// <summary>
    /// Throws when none of the asset folders exist: a command started from the wrong folder must not validate
    /// "nothing" as clean, nor plan every managed object for deletion.
    /// </summary>
    public AssetRoot RequireAssetFolders()
    {
        if (!Directory.Exists(Path)) throw new ArgumentException($"asset root {Path} does not exist (--root)");
        string[] folders = [ElasticAssets, Pipelines, Transforms, KibanaSavedObjects];
        if (!folders.Any(Directory.Exists))
            throw new ArgumentException($"no asset folders (elastic-assets/, pipelines/, transforms/, kibana-saved-objects/) under {Path}: run from the repository root or pass --root");
        return this;
    }

    /// <summary>Path relative to the root, for messages (<c>pipelines/sales.yml:12</c>).</summary>
    public string Relative(string file) => System.IO.Path.GetRelativePath(Path, file).Replace('\\', '/');
}
