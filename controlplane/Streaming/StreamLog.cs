using Microsoft.Extensions.Logging;

namespace ControlPlane.Streaming;

/// <summary>Every log line of the streaming loader, source-generated. None takes a card number.</summary>
internal static partial class StreamLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Stream {Source}: consuming topic {Topic} as group {Group}")]
    public static partial void StreamStarted(this ILogger logger, string source, string topic, string group);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Stream {Source} stopped: {Consumed} consumed, {Indexed} indexed, {Flagged} flagged, {DeadLettered} dead-lettered, {Alerts} alerts")]
    public static partial void StreamStopped(this ILogger logger, string source, long consumed, long indexed, long flagged, long deadLettered, long alerts);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Stream {Source}: message {Position} dead-lettered at {Stage}: {Reason}")]
    public static partial void MessageDeadLettered(this ILogger logger, string source, string position, string stage, string reason);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Stream {Source}: retrying {Count} bulk items alone (attempt {Attempt}) in {DelayMs:0} ms after {Reason}")]
    public static partial void ItemsRetrying(this ILogger logger, string source, int count, int attempt, double delayMs, string reason);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "Stream {Source}: batch of {Count} messages failed (attempt {Attempt}), retrying it in {DelayMs:0} ms: {Reason}")]
    public static partial void BatchFailed(this ILogger logger, string source, int count, int attempt, double delayMs, string reason);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Information, Message = "Stream {Source}: partitions assigned: {Partitions}")]
    public static partial void PartitionsAssigned(this ILogger logger, string source, string partitions);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information, Message = "Stream {Source}: partitions revoked: {Partitions}; committed {Committed}, {Dropped} unprocessed messages left to the next owner")]
    public static partial void PartitionsRevoked(this ILogger logger, string source, string partitions, string committed, int dropped);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Warning, Message = "Stream {Source}: committing offsets {Offsets} failed: {Reason}; those messages will be delivered again (their documents are idempotent)")]
    public static partial void CommitFailed(this ILogger logger, string source, string offsets, string reason);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Warning, Message = "Stream {Source}: {Reason}; still trying")]
    public static partial void ConsumeError(this ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "[ALERT] {Rule} v{Version} ({Severity}): payment {SaleId} of {Amount} {PaymentType} to {Recipient} at {SoldAt} ({Position})")]
    public static partial void AlertRaised(this ILogger logger, string rule, int version, string severity, string saleId, decimal amount, string? paymentType, string? recipient, string soldAt, string position);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Alert {AlertId} not sent to the webhook: {Reason} (it is in platform_alerts)")]
    public static partial void AlertNotSent(this ILogger logger, string alertId, string reason);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Information, Message = "Streaming is off: {Reason}")]
    public static partial void StreamingOff(this ILogger logger, string reason);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Error, Message = "Stream {Source} failed: {Reason}")]
    public static partial void StreamFailed(this ILogger logger, string source, string reason, Exception exception);
}
