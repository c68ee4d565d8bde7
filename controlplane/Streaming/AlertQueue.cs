using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Streaming;

/// <summary>
/// Alerts waiting for the webhook: a bounded channel the streaming loader writes without waiting (ingestion never blocks
/// on the webhook) and <see cref="AlertWebhookSender"/> drains. When it is full the alert is logged as not sent; it is
/// already in <c>platform_alerts</c> and the log.
/// </summary>
public sealed class AlertQueue(IOptions<StreamingOptions> options, ILogger<AlertQueue> logger)
{
    private readonly Channel<AlertNotice> _channel = Channel.CreateBounded<AlertNotice>(new BoundedChannelOptions(Math.Max(1, options.Value.AlertQueueCapacity))
    {
        FullMode = BoundedChannelFullMode.Wait, // with TryWrite: a full queue refuses at once instead of waiting
        SingleReader = true,
    });

    public bool WebhookConfigured => !string.IsNullOrWhiteSpace(options.Value.AlertWebhookUrl);

    public ChannelReader<AlertNotice> Reader => _channel.Reader;

    public void Enqueue(AlertNotice alert)
    {
        if (!WebhookConfigured) return;
        if (!_channel.Writer.TryWrite(alert)) logger.AlertNotSent(alert.AlertId, $"the webhook queue is full ({options.Value.AlertQueueCapacity})");
    }
}
