using System.Text.Json.Nodes;

namespace ControlPlane.Assets;

/// <summary>
/// One request <c>render</c> writes and <c>apply</c> sends: method, path (no leading slash), body, and the asset it comes
/// from (null for deletes of objects that left the repository) so an error names the file.
/// </summary>
public sealed record AssetRequest(string Kind, string Name, string Method, string Path, JsonObject? Body, string? Operation, ElasticAsset? Asset, bool IgnoreNotFound = false)
{
    /// <summary>How errors name this request: <c>transform platform_sales_per_price-v1 (transforms/platform_sales_per_price.yml)</c>.</summary>
    public string What => Asset is null ? $"{Kind} {Name}" : $"{Kind} {Name} ({Asset.File})";
}
