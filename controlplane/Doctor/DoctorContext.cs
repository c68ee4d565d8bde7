using ControlPlane.Assets;
using ControlPlane.Elastic;
using ControlPlane.Http;
using ControlPlane.Kibana;
using Microsoft.Extensions.Configuration;

namespace ControlPlane.Doctor;

/// <summary>
/// What the checks share: the settings, the clients (probes that do not retry: doctor reports what it sees at once), the
/// asset root, and what earlier checks learned (a later check skips when the one it depends on failed).
/// </summary>
public sealed class DoctorContext(IConfiguration config, AssetRoot root, ElasticsearchGateway es, KibanaHttp? kibana, RestTransportOptions esOptions, RestTransportOptions kibanaOptions)
{
    public IConfiguration Config { get; } = config;
    public AssetRoot Root { get; } = root;
    public ElasticsearchGateway Elasticsearch { get; } = es;
    /// <summary>Null when KIBANA_URL is not set.</summary>
    public KibanaHttp? Kibana { get; } = kibana;
    public RestTransportOptions ElasticsearchOptions { get; } = esOptions;
    public RestTransportOptions KibanaOptions { get; } = kibanaOptions;

    /// <summary>Set by the Elasticsearch check when the cluster answered with a supported version.</summary>
    public ClusterInfo? Cluster { get; set; }
}
