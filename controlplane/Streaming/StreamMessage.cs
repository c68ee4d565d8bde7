namespace ControlPlane.Streaming;

/// <summary>Where a message sits in the log: the dead-letter <c>stream</c> field, and the default payment id.</summary>
public readonly record struct StreamPosition(string Topic, int Partition, long Offset)
{
    public override string ToString() => $"{Topic}/{Partition}/{Offset}";
}

/// <summary>One consumed Kafka message: its place in the log, when the producer stamped it, and its value as sent.</summary>
public sealed record StreamMessage(StreamPosition Position, DateTimeOffset Timestamp, byte[]? Value);
