namespace ControlPlane.Elastic;

/// <summary>What <c>GET /</c> says about the cluster.</summary>
public sealed record ClusterInfo(string ClusterName, Version Version, string VersionText)
{
    /// <summary>The oldest Elasticsearch we support: transforms, templates and APIs we use are stable from 8.15 on.</summary>
    public static readonly Version Minimum = new(8, 15, 0);

    public bool IsSupported => Version >= Minimum;
}
