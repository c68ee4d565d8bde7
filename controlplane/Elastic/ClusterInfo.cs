namespace ControlPlane.Elastic;

/// <summary>What <c>GET /</c> says about the cluster.</summary>
public sealed record ClusterInfo(string ClusterName, Version Version, string VersionText)
{
    /// <summary>
    /// The oldest Elasticsearch we support. The official 9.x client sends <c>compatible-with=9</c> media types, which an 8.x
    /// cluster refuses (it only knows compatible-with=7 and 8), so 9.0 is the floor; the assets are checked against the 9.0
    /// breaking changes (docs/assets.md).
    /// </summary>
    public static readonly Version Minimum = new(9, 0, 0);

    public bool IsSupported => Version >= Minimum;

    /// <summary>Reads <c>version.number</c> and refuses anything older than <see cref="Minimum"/>, naming the cluster's version and what to do.</summary>
    public static ClusterInfo Check(string clusterName, string versionText, string where)
    {
        var info = new ClusterInfo(clusterName, Parse(versionText), versionText);
        if (!info.IsSupported)
            throw new InvalidOperationException(
                $"Elasticsearch {versionText} at {where} is not supported: the control plane speaks Elasticsearch 9 (client compatible-with=9); upgrade the cluster to 9.0 or later");
        return info;
    }

    private static Version Parse(string text)
    {
        var core = text.Split('-', '+')[0];
        return Version.TryParse(core, out var v) ? v : throw new InvalidOperationException($"unreadable Elasticsearch version '{text}'");
    }
}
