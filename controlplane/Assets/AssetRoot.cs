namespace ControlPlane.Assets;

/// <summary>The repository folders assets are read from (interface.md: under the current directory or <c>--root</c>).</summary>
public sealed record AssetRoot(string Path)
{
    public string ElasticAssets => System.IO.Path.Combine(Path, "elastic-assets");
    public string Pipelines => System.IO.Path.Combine(Path, "pipelines");
    public string Transforms => System.IO.Path.Combine(Path, "transforms");
    public string KibanaSavedObjects => System.IO.Path.Combine(Path, "kibana-saved-objects");
    public string Sources => System.IO.Path.Combine(ElasticAssets, "sources");
    public string FraudRules => System.IO.Path.Combine(ElasticAssets, "fraud-rules");

    /// <summary>Path relative to the root, for messages (<c>pipelines/sales.yml:12</c>).</summary>
    public string Relative(string file) => System.IO.Path.GetRelativePath(Path, file).Replace('\\', '/');
}
