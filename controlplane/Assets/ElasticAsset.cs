using System.Text.Json.Nodes;

namespace ControlPlane.Assets;

/// <summary>
/// One Elasticsearch asset file (docs/design.md, "Asset files"): <c>kind</c>, <c>name</c> (= the file name),
/// integer <c>version</c>, optional <c>description</c>, the request <c>body</c>, and for transforms <c>start</c>.
/// </summary>
public sealed record ElasticAsset(string Kind, string Name, int Version, string? Description, JsonObject Body, bool Start, string File, YamlJsonDocument Document)
{
    /// <summary>The Elasticsearch object's name: versioned (<c>NAME-vN</c>) for indices and transforms, the asset name otherwise.</summary>
    public string ObjectName => Kind is AssetKinds.Index or AssetKinds.Transform ? VersionedName(Name, Version) : Name;

    public static string VersionedName(string name, int version) => $"{name}-v{version}";

    /// <summary>The line of a path inside <c>body</c> (or of its nearest ancestor in the file).</summary>
    public int LineOf(string bodyPath) => Document.LineOf(JsonPaths.Child("body", bodyPath));

    public AssetDiagnostic Problem(string bodyPath, string message) => new(File, LineOf(bodyPath), message);

    public override string ToString() => $"{Kind} {Name} ({File})";
}
