using Confluent.Kafka;
using ControlPlane.Fraud;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Streaming;

/// <summary>
/// The streaming loader of one source: consume a micro-batch (up to <c>batch.max_messages</c>, or what arrived within
/// <c>batch.max_wait</c> of its first message) → map → fraud check → one bulk into the sale, fraud, alert and dead-letter
/// indices → republish with verdicts → alerts to the log and the webhook queue → commit the batch's offsets.
/// Offsets are committed only after Elasticsearch acknowledged (or dead-lettered) every message of the batch, and every
/// document's <c>_id</c> comes from the message, so a crash or rebalance re-delivers at most the uncommitted batch and
/// re-indexing it overwrites: nothing lost, nothing duplicated. A poison message is dead-lettered and committed like any
/// other, so it never blocks its partition. A batch that fails on Elasticsearch or Kafka is retried whole, with backoff.
/// When partitions are revoked, finished offsets are committed and the messages collected from them but not yet
/// processed are dropped: the partitions' next owner reads them from the committed offset.
/// </summary>
public sealed class StreamLoader(
    StreamSourceDefinition source, StreamingOptions options, PaymentMapper mapper, PaymentFraudStage fraud, PaymentIndexer indexer,
    VerdictPublisher? publisher, AlertQueue alerts, TimeProvider time, ILogger logger, string clientId)
{
    private readonly List<ConsumeResult<Ignore, byte[]>> _pending = [];
    private readonly Dictionary<TopicPartition, Offset> _uncommitted = [];
    // When the idle time starts: the last message, or the last assignment (joining a group takes seconds of its own).
    private DateTimeOffset _lastActivity;
    private bool _assigned;
    // Set when the group refused a commit because it is rebalancing: no new batch until the revoke, so the next owner
    // re-reads as little as possible (a real broker takes the commit made in the revoke; the mock cluster does not).
    private bool _paused;

    public StreamStats Stats { get; } = new(source.Name);

    /// <summary>
    /// Consumes until <paramref name="ct"/> is cancelled or, with <paramref name="untilIdle"/>, until no message arrived for
    /// that long. Every processed batch is committed before it returns; the consumer then leaves its group.
    /// </summary>
    public Task RunAsync(TimeSpan? untilIdle, Action<StreamBatchReport>? onBatch, CancellationToken ct) =>
        Task.Factory.StartNew(() => LoopAsync(untilIdle, onBatch, ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task LoopAsync(TimeSpan? untilIdle, Action<StreamBatchReport>? onBatch, CancellationToken ct)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(KafkaClientConfig.Consumer(options, source, clientId))
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                _lastActivity = time.GetUtcNow();
                _assigned = true;
                _paused = false;
                logger.PartitionsAssigned(source.Name, string.Join(", ", partitions.Select(p => $"{p.Topic}/{p.Partition.Value}")));
            })
            .SetPartitionsRevokedHandler((c, partitions) => OnRevoked(c, partitions.Select(p => p.TopicPartition).ToList()))
            .SetPartitionsLostHandler((_, partitions) => Drop(partitions.Select(p => p.TopicPartition).ToHashSet()))
            .Build();
        consumer.Subscribe(source.Topic);
        logger.StreamStarted(source.Name, source.Topic, source.Group);
        _lastActivity = time.GetUtcNow();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                Collect(consumer, ct);
                if (_pending.Count == 0)
                {
                    // Without partitions (joining, or between a revoke and the next assignment) the group gets 30 s more: a
                    // rebalance is not idleness (the coordinator may delay a new group's first one by seconds).
                    if (untilIdle is { } idle && time.GetUtcNow() - _lastActivity >= (_assigned ? idle : idle + TimeSpan.FromSeconds(30))) break;
                    continue;
                }
                _lastActivity = time.GetUtcNow();
                var batch = _pending.ToList();
                _pending.Clear();
                var indexedAt = await ProcessAsync(batch, ct).ConfigureAwait(false);
                foreach (var group in batch.GroupBy(r => r.TopicPartition))
                    _uncommitted[group.Key] = new Offset(group.Max(r => r.Offset.Value) + 1);
                Commit(consumer);
                Stats.Batches++;
                onBatch?.Invoke(new StreamBatchReport(source.Name, batch.Select(r => (DateTimeOffset)r.Message.Timestamp.UtcDateTime).ToList(), indexedAt));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the batch in hand was not committed, so its messages are delivered again to whoever reads next.
        }
        finally
        {
            _pending.Clear();
            try { consumer.Close(); } // leaves the group at once, so the partitions move without waiting for the session timeout
            catch (KafkaException) { /* the broker is gone: the group notices by the session timeout */ }
            logger.StreamStopped(source.Name, Stats.Consumed, Stats.Indexed, Stats.Flagged, Stats.DeadLettered, Stats.Alerts);
        }
    }

    /// <summary>Fills <see cref="_pending"/>: waits up to 100 ms for a first message, then up to max_wait for more.</summary>
    private void Collect(IConsumer<Ignore, byte[]> consumer, CancellationToken ct)
    {
        if (_paused) _lastActivity = time.GetUtcNow(); // waiting for the rebalance is not idleness
        ConsumeResult<Ignore, byte[]>? first;
        try
        {
            first = consumer.Consume(TimeSpan.FromMilliseconds(100));
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            // E.g. the topic does not exist yet: the client keeps asking the brokers; a message it could not read is not skipped.
            logger.ConsumeError(source.Name, ex.Error.Reason);
            Thread.Sleep(TimeSpan.FromMilliseconds(500));
            return;
        }
        if (first is null || first.IsPartitionEOF) return;
        _pending.Add(first);
        var deadline = time.GetUtcNow() + source.Batch.MaxWaitDuration;
        while (_pending.Count < source.Batch.MaxMessages && !ct.IsCancellationRequested)
        {
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero) break;
            ConsumeResult<Ignore, byte[]>? next;
            try { next = consumer.Consume(left); }
            catch (ConsumeException ex) when (!ex.Error.IsFatal) { logger.ConsumeError(source.Name, ex.Error.Reason); break; }
            if (next is null) break;
            if (!next.IsPartitionEOF) _pending.Add(next);
        }
    }

    /// <summary>Map, check, index, republish, alert; a failure retries the whole batch (mapping is deterministic, documents idempotent).</summary>
    private async Task<DateTimeOffset> ProcessAsync(List<ConsumeResult<Ignore, byte[]>> batch, CancellationToken ct)
    {
        var messages = batch.Select(r => mapper.Map(new StreamMessage(
            new StreamPosition(r.Topic, r.Partition.Value, r.Offset.Value), r.Message.Timestamp.UtcDateTime, r.Message.Value))).ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (checkedPayments, usedAov) = await fraud.CheckAsync(messages, ct).ConfigureAwait(false);
                var result = await indexer.IndexAsync(messages, checkedPayments, refresh: usedAov, ct).ConfigureAwait(false);
                var indexedAt = time.GetUtcNow();
                if (publisher is not null) await publisher.PublishAsync(result.Indexed, ct).ConfigureAwait(false);
                var raised = 0;
                foreach (var c in result.Indexed.Where(c => c.Alerts.Count > 0))
                    foreach (var alert in AlertNotice.Of(c, indexedAt))
                    {
                        raised++;
                        logger.AlertRaised(alert.RuleId, alert.RuleVersion, alert.Severity, alert.SaleId, alert.Amount, alert.PaymentType, alert.Recipient,
                            c.Payment.SoldAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture), alert.Position);
                        alerts.Enqueue(alert);
                    }
                Stats.Consumed += batch.Count;
                Stats.Indexed += result.Indexed.Count;
                Stats.Flagged += result.Indexed.Count(c => c.Verdict is not null);
                Stats.DeadLettered += result.DeadLettered;
                Stats.Alerts += raised;
                return indexedAt;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OperationCanceledException)
            {
                var delay = PaymentIndexer.Backoff(options.RetryBaseDelay, Math.Min(attempt, 8));
                logger.BatchFailed(source.Name, batch.Count, attempt, delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
            }
        }
    }

    private void Commit(IConsumer<Ignore, byte[]> consumer, IReadOnlySet<TopicPartition>? only = null)
    {
        var offsets = _uncommitted.Where(kv => only is null || only.Contains(kv.Key)).Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToList();
        if (offsets.Count == 0) return;
        try
        {
            consumer.Commit(offsets);
            foreach (var o in offsets) _uncommitted.Remove(o.TopicPartition);
        }
        catch (KafkaException ex)
        {
            if (only is null && ex.Error.Code is ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration)
            {
                consumer.Pause(consumer.Assignment);
                _paused = true;
            }
            logger.CommitFailed(source.Name, string.Join(", ", offsets.Select(o => $"{o.Topic}/{o.Partition.Value}@{o.Offset.Value}")), ex.Error.Reason);
        }
    }

    /// <summary>Called inside Consume, between batches: commit what is finished, leave the rest to the next owner.</summary>
    private void OnRevoked(IConsumer<Ignore, byte[]> consumer, List<TopicPartition> partitions)
    {
        _assigned = false;
        _lastActivity = time.GetUtcNow();
        if (_paused)
        {
            // The pause is a flag on each partition that outlives the assignment: clear it, or a partition given back
            // to this consumer would stay silent.
            consumer.Resume(partitions);
            _paused = false;
        }
        var revoked = partitions.ToHashSet();
        var committed = string.Join(", ", _uncommitted.Where(kv => revoked.Contains(kv.Key)).Select(kv => $"{kv.Key.Topic}/{kv.Key.Partition.Value}@{kv.Value.Value}"));
        Commit(consumer, revoked);
        foreach (var p in revoked) _uncommitted.Remove(p); // a failed commit is not retried by a consumer that no longer owns the partition
        var dropped = Drop(revoked);
        logger.PartitionsRevoked(source.Name, string.Join(", ", partitions.Select(p => $"{p.Topic}/{p.Partition.Value}")), committed.Length == 0 ? "nothing" : committed, dropped);
    }

    private int Drop(IReadOnlySet<TopicPartition> partitions) => _pending.RemoveAll(r => partitions.Contains(r.TopicPartition));
}
