using Microsoft.Extensions.Logging;

namespace ControlPlane.Loading;

/// <summary>
/// Every log line of the loader, source-generated. None takes a row: a message can name a sale id, a count or a reason,
/// never a card number.
/// </summary>
internal static partial class LoaderLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "{Kind} of source {Source} started: keys after {After} up to updated_at {Upper} (updated_at read as {UpdatedAtZone})")]
    public static partial void RunStarted(this ILogger logger, string kind, string source, string after, string upper, string updatedAtZone);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "{Kind} of source {Source} {Status} in {Seconds:0.0} s: {Read} read, {Indexed} indexed, {Deleted} deleted, {DeadLettered} dead-lettered, {Flagged} flagged, {Unflagged} un-flagged; watermark {Watermark}")]
    public static partial void RunFinished(this ILogger logger, string kind, string source, string status, double seconds, long read, long indexed, long deleted, long deadLettered, long flagged, long unflagged, string watermark);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "{Kind} of source {Source} failed: {Reason}")]
    public static partial void RunFailed(this ILogger logger, string kind, string source, string reason, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "{Kind} of source {Source} skipped: it is being loaded by {Holder} until {Until}")]
    public static partial void RunSkipped(this ILogger logger, string kind, string source, string holder, string until);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Source {Source}: {SaleId} dead-lettered at {Stage}: {Reason}")]
    public static partial void RowDeadLettered(this ILogger logger, string source, string saleId, string stage, string reason);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Source {Source} page {Page}: retrying {Count} bulk items alone (attempt {Attempt}) in {DelayMs:0} ms after {Reason}")]
    public static partial void ItemsRetrying(this ILogger logger, string source, long page, int count, int attempt, double delayMs, string reason);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information,
        Message = "Source {Source} page {Page}: {SaleId} re-flagged by rule {Rule} v{RuleVersion} ({RepeatCount} payments in its window): a payment of its card and amount arrived or moved after it was indexed")]
    public static partial void SaleReflagged(this ILogger logger, string source, long page, string saleId, string rule, int ruleVersion, int repeatCount);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information,
        Message = "Source {Source} page {Page}: {SaleId} un-flagged: a payment of its card and amount was deleted, changed or moved, and the rule no longer fires")]
    public static partial void SaleUnflagged(this ILogger logger, string source, long page, string saleId);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning,
        Message = "Source {Source} page {Page}: {SaleId} in platform_sales should be {Verdict} but cannot be rewritten: {Problem}")]
    public static partial void RecheckUnwritable(this ILogger logger, string source, long page, string saleId, string verdict, string problem);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Debug, Message = "Source {Source}: watermark saved at {Watermark}")]
    public static partial void WatermarkSaved(this ILogger logger, string source, string watermark);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Source {Source}: renewing the lease failed, trying again later: {Reason}")]
    public static partial void LeaseRenewalFailed(this ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Error, Message = "Source {Source}: writing the final run state failed: {Reason}")]
    public static partial void FinalStateFailed(this ILogger logger, string source, string reason, Exception exception);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Information, Message = "Transform {TransformId} scheduled to run now")]
    public static partial void TransformScheduled(this ILogger logger, string transformId);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Warning, Message = "Could not schedule transform {TransformId} now (it will run on its own schedule): {Reason}")]
    public static partial void TransformScheduleFailed(this ILogger logger, string transformId, string reason);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Information, Message = "No transform behind alias {Alias}: nothing to schedule ({Reason})")]
    public static partial void TransformAliasMissing(this ILogger logger, string alias, string reason);

    [LoggerMessage(EventId = 3040, Level = LogLevel.Warning, Message = "Loader schedules are off: {Reason}")]
    public static partial void SchedulesOff(this ILogger logger, string reason);

    [LoggerMessage(EventId = 3041, Level = LogLevel.Information, Message = "Source {Source}: next scheduled run at {Next} ({Schedule} in {TimeZone})")]
    public static partial void NextRun(this ILogger logger, string source, string next, string schedule, string timeZone);

    [LoggerMessage(EventId = 3042, Level = LogLevel.Information, Message = "Source {Source}: a scheduled run was missed (last finished {LastFinished}); running now")]
    public static partial void MissedRun(this ILogger logger, string source, string lastFinished);

    [LoggerMessage(EventId = 3043, Level = LogLevel.Error, Message = "Source {Source}: scheduled run failed: {Reason}")]
    public static partial void ScheduledRunFailed(this ILogger logger, string source, string reason, Exception exception);
}
