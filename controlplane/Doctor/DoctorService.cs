using ControlPlane.Api;
using ControlPlane.Assets;
using ControlPlane.Configuration;
using ControlPlane.Elastic;
using ControlPlane.Http;
using ControlPlane.Kibana;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Doctor;

/// <summary>
/// <c>doctor</c>: the checks in the order a new setup fails them, one line each: settings, Elasticsearch (reachable and
/// version, license, privileges), Kibana, MySQL and each source's table and keyset index, Kafka (stream sources only),
/// the AOV transforms. A check whose prerequisite failed says so and skips.
/// </summary>
public sealed class DoctorService(
    IConfiguration config, AssetRoot root, [FromKeyedServices(ApiServiceCollectionExtensions.ProbeClient)] ElasticsearchGateway es,
    IOptionsMonitor<RestTransportOptions> connections, IHttpClientFactory http, Streaming.KafkaConnectivity kafka)
{
    /// <summary>Runs every check, writing each line as it is known; returns the lines.</summary>
    public async Task<IReadOnlyList<DoctorLine>> RunAsync(TextWriter output, CancellationToken ct)
    {
        var context = new DoctorContext(config, root, es, KibanaProbe(), connections.Get(ConnectionOptionsSetup.Elasticsearch), connections.Get(ConnectionOptionsSetup.Kibana));
        var lines = new List<DoctorLine>();
        async Task Add(IEnumerable<DoctorLine> found)
        {
            foreach (var line in found)
            {
                lines.Add(line);
                await output.WriteLineAsync(line.ToString()).ConfigureAwait(false);
            }
        }
        await Add([SettingsCheck.Run(context)]).ConfigureAwait(false);
        await Add(await ElasticsearchCheck.RunAsync(context, ct).ConfigureAwait(false)).ConfigureAwait(false);
        await Add([await KibanaCheck.RunAsync(context, ct).ConfigureAwait(false)]).ConfigureAwait(false);
        await Add(await MySqlSourcesCheck.RunAsync(context, ct).ConfigureAwait(false)).ConfigureAwait(false);
        await Add(KafkaCheck.Run(context, kafka, TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        await Add(await TransformsCheck.RunAsync(context, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return lines;
    }

    /// <summary>Kibana through a client without retries (as the Elasticsearch probe): doctor reports what it sees at once.</summary>
    private KibanaHttp? KibanaProbe() =>
        connections.Get(ConnectionOptionsSetup.Kibana).IsConfigured ? new KibanaHttp(() => http.CreateClient(KibanaServiceCollectionExtensions.ProbeClient)) : null;
}
