namespace ControlPlane.Streaming;

/// <summary>What one stream source did in a run; counters only grow.</summary>
public sealed class StreamStats(string source)
{
    public string Source => source;
    public long Consumed;
    public long Indexed;
    public long Flagged;
    public long DeadLettered;
    public long Alerts;
    public long Batches;

    public string Summary() =>
        $"stream {Source}: {Consumed} consumed, {Indexed} indexed, {Flagged} flagged, {DeadLettered} dead-lettered, {Alerts} alerts in {Batches} batches";
}

/// <summary>A batch once its offsets were committed: when each message was produced, and when Elasticsearch had all of them.</summary>
public sealed record StreamBatchReport(string Source, IReadOnlyList<DateTimeOffset> ProducedAt, DateTimeOffset IndexedAt);
