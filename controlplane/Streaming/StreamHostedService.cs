using ControlPlane.Assets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Streaming;

/// <summary>
/// <c>serve</c>'s streaming loader: consumes every stream source in the background until the host stops. Off (with one
/// log line saying why) when there is no stream source or <c>KAFKA_BOOTSTRAP_SERVERS</c> is not set.
/// </summary>
public sealed class StreamHostedService(StreamService streams, ILogger<StreamHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<StreamSourceDefinition> sources;
        try
        {
            sources = streams.Sources();
        }
        catch (Exception ex) when (ex is AssetException or ArgumentException or IOException)
        {
            logger.StreamingOff($"the stream sources cannot be read: {ex.Message}");
            return;
        }
        if (sources.Count == 0) { logger.StreamingOff("no stream sources (kind: stream_source) under elastic-assets/sources/"); return; }
        if (!streams.Options.IsConfigured) { logger.StreamingOff("KAFKA_BOOTSTRAP_SERVERS is not set"); return; }
        try
        {
            await streams.RunAsync(sources, untilIdle: null, onBatch: null, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        catch (Exception ex)
        {
            // Logged by the service with the source's name; the API and the MySQL schedules keep running.
            logger.StreamingOff($"stopped after a failure: {ex.Message}");
        }
    }
}
