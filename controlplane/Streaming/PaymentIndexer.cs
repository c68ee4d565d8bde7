using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Loading;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Streaming;

/// <summary>What became of a batch in Elasticsearch: every message is exactly one of indexed or dead-lettered.</summary>
public sealed record IndexedBatch(IReadOnlyList<CheckedPayment> Indexed, int DeadLettered, bool[] IsIndexed);

/// <summary>
/// Sends a checked batch with one <c>_bulk</c> (through <see cref="ElasticsearchGateway.BulkAsync"/>, as the MySQL loader
/// does) and reads the answer item by item. Items answered 429/5xx are re-sent alone with jittered backoff; when they
/// still fail the batch fails (its offsets stay uncommitted and it is retried whole): backpressure is never a dead letter.
/// Any other failure dead-letters its message with the reason. A dead letter that cannot be written fails the batch too.
/// </summary>
public sealed class PaymentIndexer(ElasticsearchGateway es, StreamSourceDefinition source, StreamingOptions options, TimeProvider time, ILogger logger)
{
    public async Task<IndexedBatch> IndexAsync(IReadOnlyList<MappedMessage> messages, IReadOnlyDictionary<int, CheckedPayment> checkedPayments,
        bool refresh, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var failures = new string?[messages.Count];
        using (var buffer = new PooledBuffer())
        {
            using var writer = new PaymentBulkWriter(buffer);
            for (var i = 0; i < messages.Count; i++)
            {
                if (messages[i] is PoisonMessage poison)
                    writer.WriteDeadLetter(i, source.Name, poison.SaleId, poison.Message.Position, "mapping", poison.Reason, poison.Raw, now);
                else writer.WritePayment(i, checkedPayments[i], now);
            }
            if (writer.Actions.Count > 0)
                await SendAsync(buffer, writer.Actions, refresh, (action, reason) => failures[action.Message] ??= reason, ct).ConfigureAwait(false);
        }

        var indexed = new List<CheckedPayment>();
        var isIndexed = new bool[messages.Count];
        var deadLetters = new List<(int Message, string Reason)>();
        var dead = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is PoisonMessage poison)
            {
                if (failures[i] is { } why) throw new InvalidOperationException($"stream {source.Name}: dead letter of {poison.Message.Position} could not be written ({why})");
                dead++;
                logger.MessageDeadLettered(source.Name, poison.Message.Position.ToString(), "mapping", poison.Reason);
            }
            else if (failures[i] is { } reason) deadLetters.Add((i, reason));
            else
            {
                indexed.Add(checkedPayments[i]);
                isIndexed[i] = true;
            }
        }
        if (deadLetters.Count > 0)
        {
            using var buffer = new PooledBuffer(16 * 1024);
            using var writer = new PaymentBulkWriter(buffer);
            foreach (var (i, reason) in deadLetters)
            {
                var p = (Payment)messages[i];
                writer.WriteDeadLetter(i, source.Name, p.SaleId, p.Message.Position, "indexing", reason, (JsonObject)p.Json.DeepClone(), now);
                logger.MessageDeadLettered(source.Name, p.Message.Position.ToString(), "indexing", reason);
            }
            string? lost = null;
            await SendAsync(buffer, writer.Actions, refresh: false, (_, reason) => lost ??= reason, ct).ConfigureAwait(false);
            if (lost is not null) throw new InvalidOperationException($"stream {source.Name}: a message could neither be indexed nor dead-lettered into {IndexNames.DeadLetter} ({lost})");
            dead += deadLetters.Count;
        }
        return new IndexedBatch(indexed, dead, isIndexed);
    }

    private async Task SendAsync(PooledBuffer buffer, IReadOnlyList<PaymentAction> actions, bool refresh, Action<PaymentAction, string> permanentFailure, CancellationToken ct)
    {
        var pending = actions.ToList();
        for (var attempt = 1; ; attempt++)
        {
            var response = await Send(buffer, pending, refresh, ct).ConfigureAwait(false);
            if (response.Items.Count != pending.Count)
                throw new InvalidOperationException($"stream {source.Name}: _bulk answered {response.Items.Count} items for {pending.Count} actions");
            var retry = new List<PaymentAction>();
            string? retryReason = null;
            for (var i = 0; i < pending.Count; i++)
            {
                var item = response.Items[i];
                if (item.IsSuccess) continue;
                var reason = $"{item.Index ?? pending[i].Index}: {item.Status} {item.ErrorType ?? "error"}: {item.ErrorReason ?? "no reason given"}";
                if (item.IsRetryable) { retry.Add(pending[i]); retryReason = reason; }
                else permanentFailure(pending[i], reason);
            }
            if (retry.Count == 0) return;
            if (attempt >= options.ItemRetryAttempts)
                throw new InvalidOperationException($"stream {source.Name}: {retry.Count} bulk items still failing after {attempt} attempts ({retryReason}); the batch is retried, never dead-lettered for that");
            var delay = Backoff(options.RetryBaseDelay, attempt);
            logger.ItemsRetrying(source.Name, retry.Count, attempt, delay.TotalMilliseconds, retryReason ?? "");
            await Task.Delay(delay, time, ct).ConfigureAwait(false);
            pending = retry;
        }
    }

    private Task<BulkResponse> Send(PooledBuffer buffer, List<PaymentAction> actions, bool refresh, CancellationToken ct)
    {
        var contiguous = true;
        for (var i = 1; i < actions.Count && contiguous; i++) contiguous = actions[i].Start == actions[i - 1].Start + actions[i - 1].Length;
        if (contiguous)
            return es.BulkAsync(buffer.Slice(actions[0].Start, actions[^1].Start + actions[^1].Length - actions[0].Start), ct, refresh ? "wait_for" : null);
        var subset = new byte[actions.Sum(a => a.Length)];
        var at = 0;
        foreach (var a in actions) { buffer.Slice(a.Start, a.Length).Span.CopyTo(subset.AsSpan(at)); at += a.Length; }
        return es.BulkAsync(subset, ct, refresh ? "wait_for" : null);
    }

    /// <summary>Exponential from the base delay, with jitter in [50 %, 100 %], at most 30 s.</summary>
    internal static TimeSpan Backoff(TimeSpan baseDelay, int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1), 30_000) * (0.5 + Random.Shared.NextDouble() / 2));
}
