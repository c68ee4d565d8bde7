using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Streaming;

/// <summary>
/// POSTs each queued alert as JSON to <c>ALERT_WEBHOOK_URL</c> through the <see cref="HttpClientName"/> client of
/// IHttpClientFactory, whose standard resilience handler retries transient failures (5xx, 408, 429, timeouts) with
/// backoff and a circuit breaker. An alert still failing after that is logged and dropped (it is in <c>platform_alerts</c>).
/// Runs beside the streaming loader, never in its way.
/// </summary>
public sealed class AlertWebhookSender(AlertQueue queue, IHttpClientFactory http, IOptions<StreamingOptions> options, ILogger<AlertWebhookSender> logger)
{
    public const string HttpClientName = "alert-webhook";

    /// <summary>
    /// Sends until <paramref name="ct"/> is cancelled, then what is still queued (and the send in flight, retries included)
    /// for at most <paramref name="drainFor"/> more.
    /// </summary>
    public async Task RunAsync(TimeSpan drainFor, CancellationToken ct)
    {
        if (!queue.WebhookConfigured) return;
        var url = new Uri(options.Value.AlertWebhookUrl!);
        var client = http.CreateClient(HttpClientName);
        using var deadline = new CancellationTokenSource();
        await using var stopping = ct.Register(() => deadline.CancelAfter(drainFor));
        try
        {
            while (true)
            {
                if (!queue.Reader.TryRead(out var alert))
                {
                    if (ct.IsCancellationRequested) return; // stopped and drained
                    try { await queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false); }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested) { /* drain what is left */ }
                    continue;
                }
                await SendAsync(client, url, alert, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The drain deadline passed: the rest is in platform_alerts and the log.
        }
    }

    private async Task SendAsync(HttpClient client, Uri url, AlertNotice alert, CancellationToken ct)
    {
        try
        {
            using var response = await client.PostAsJsonAsync(url, alert, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) logger.AlertNotSent(alert.AlertId, $"the webhook answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested
            || ex is Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException)
        {
            logger.AlertNotSent(alert.AlertId, ex.Message);
        }
    }
}
