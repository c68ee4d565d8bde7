using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;

namespace ControlPlane.Assets;

/// <summary>
/// The <c>_meta</c> every body we write carries (docs/design.md): <c>managed_by</c>, <c>asset</c>, <c>asset_version</c> and
/// <c>content_hash</c>. <c>managed_by</c> is how plan tells our objects from everyone else's, which are never touched.
/// </summary>
public static class ManagedMeta
{
    public const string ManagedByKey = "managed_by";
    public const string AssetKey = "asset";
    public const string AssetVersionKey = "asset_version";
    public const string ContentHashKey = "content_hash";

    /// <summary>
    /// Sets <c>_meta</c> on <paramref name="holder"/> (the body, or <c>policy</c> / <c>mappings</c> inside it): keys the asset
    /// already had are kept, ours win. The hash covers <paramref name="hashed"/> without any <c>_meta</c> at the stamp place.
    /// </summary>
    public static void Stamp(JsonObject holder, string asset, int version, JsonObject hashed)
    {
        var meta = holder["_meta"] as JsonObject ?? new JsonObject();
        StampInto(meta, asset, version, hashed);
        holder["_meta"] = meta;
    }

    /// <summary>Sets our four keys in <paramref name="meta"/> itself (a role's <c>metadata</c>); its other keys are kept.</summary>
    public static void StampInto(JsonObject meta, string asset, int version, JsonObject hashed)
    {
        meta[ManagedByKey] = IndexNames.ManagedBy;
        meta[AssetKey] = asset;
        meta[AssetVersionKey] = version;
        meta[ContentHashKey] = ContentHash(hashed);
    }

    /// <summary>Removes our four keys (what the content hash leaves out).</summary>
    public static void Unstamp(JsonObject meta)
    {
        foreach (var key in new[] { ManagedByKey, AssetKey, AssetVersionKey, ContentHashKey }) meta.Remove(key);
    }

    /// <summary>sha256 (hex) of the canonical JSON of <paramref name="body"/>.</summary>
    public static string ContentHash(JsonNode body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Write(body))));

    public static bool IsManaged(JsonNode? meta) => meta?[ManagedByKey] is JsonValue v && v.ToString() == IndexNames.ManagedBy;

    /// <summary>The asset a managed object came from; null when <c>_meta</c> does not say.</summary>
    public static string? AssetOf(JsonNode? meta) => meta?[AssetKey] is JsonValue v ? v.ToString() : null;
}
