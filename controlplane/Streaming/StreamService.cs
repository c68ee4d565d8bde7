using Confluent.Kafka;
using ControlPlane.Assets;
using ControlPlane.Configuration;
using ControlPlane.Elastic;
using ControlPlane.Fraud;
using ControlPlane.Loading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Streaming;

/// <summary>
/// Runs the stream sources: one <see cref="StreamLoader"/> per source (each with its own consumer in the source's group),
/// the verdict producer, and the alert webhook sender beside them. Used by <c>stream</c> and, in <c>serve</c>, by
/// <see cref="StreamHostedService"/>.
/// </summary>
public sealed class StreamService(
    AssetRoot root, ElasticsearchGateway es, FraudLookups lookups, AlertQueue alerts, AlertWebhookSender webhook,
    IOptions<StreamingOptions> streamingOptions, IOptions<ControlPlaneOptions> controlPlaneOptions, TimeProvider time, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("ControlPlane.Streaming");

    public StreamingOptions Options => streamingOptions.Value;

    /// <summary>The stream sources (only <paramref name="name"/> when given).</summary>
    public IReadOnlyList<StreamSourceDefinition> Sources(string? name = null) =>
        name is null ? StreamSourceCatalog.Load(root) : [StreamSourceCatalog.Get(root, name)];

    /// <summary>Throws naming the setting when the brokers are not configured.</summary>
    public void RequireConfiguration()
    {
        if (!Options.IsConfigured)
            throw new InvalidOperationException("KAFKA_BOOTSTRAP_SERVERS is not set: the stream sources need Kafka brokers (host:port[,host:port]).");
    }

    /// <summary>
    /// Consumes every given source until <paramref name="ct"/> is cancelled or, with <paramref name="untilIdle"/>, until each
    /// had no message for that long; returns each source's counters. A source that fails stops the others.
    /// </summary>
    public async Task<IReadOnlyList<StreamStats>> RunAsync(IReadOnlyList<StreamSourceDefinition> sources, TimeSpan? untilIdle,
        Action<StreamBatchReport>? onBatch, CancellationToken ct, string? clientId = null)
    {
        RequireConfiguration();
        var fieldRules = PaymentRuleCatalog.LoadFieldRules(root);
        var aovRules = FraudRuleCatalog.LoadEnabled(root);
        var alertRules = PaymentRuleCatalog.LoadAlertRules(root);
        var cards = sources.Any(s => s.Fields.CardNumber is not null) ? CardFingerprint.Create(controlPlaneOptions.Value.CardHmacKey) : null;
        clientId ??= $"controlplane-{Environment.MachineName}-{Environment.ProcessId}";

        using var producer = sources.Any(s => s.Republish) ? new ProducerBuilder<string, string>(KafkaClientConfig.Producer(Options, clientId)).Build() : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var senderStop = new CancellationTokenSource();
        var sender = Task.Run(() => webhook.RunAsync(TimeSpan.FromSeconds(5), senderStop.Token), CancellationToken.None);
        var loaders = sources.Select(s => new StreamLoader(
            s, Options, new PaymentMapper(s, cards), new PaymentFraudStage(fieldRules, aovRules, alertRules, lookups, s.TimeZoneInfo),
            new PaymentIndexer(es, s, Options, time, _logger), s.Republish && producer is not null ? new VerdictPublisher(producer, Options) : null,
            alerts, time, _logger, clientId)).ToList();
        try
        {
            var runs = loaders.Select(l => RunOne(l)).ToList();
            await Task.WhenAll(runs).ConfigureAwait(false);
        }
        finally
        {
            await senderStop.CancelAsync().ConfigureAwait(false);
            await sender.ConfigureAwait(false);
        }
        return loaders.Select(l => l.Stats).ToList();

        async Task RunOne(StreamLoader loader)
        {
            try
            {
                await loader.RunAsync(untilIdle, onBatch, stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.StreamFailed(loader.Stats.Source, ex.Message, ex);
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
    }
}
