using Microsoft.Extensions.Logging;

namespace ControlPlane.Generation;

/// <summary>The generator's log messages (source-generated). Never a card number.</summary>
internal static partial class GenerationLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Generating {Rows} rows into {Sources} (seed {Seed}, {Days} days, {Stores} stores, fraud rate {FraudRate}, bad rate {BadRate}) by {WritePath} over {Connections} connections")]
    public static partial void GenerationStarting(this ILogger logger, long rows, string sources, int seed, int days, int stores, double fraudRate, double badRate, WritePath writePath, int connections);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning,
        Message = "The connection string allows LOAD DATA LOCAL but the server's local_infile is off; writing with multi-row INSERT instead")]
    public static partial void LocalInfileDisabledOnServer(this ILogger logger);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Planted {Cases} fraud cases ({Rows} sales)")]
    public static partial void FraudPlanted(this ILogger logger, long cases, long rows);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning,
        Message = "A fraud case of {Size} sales found no store in {Source} where it stays above the weekly AOV after {Attempts} tries; it is not written")]
    public static partial void FraudCaseNotPlaced(this ILogger logger, string source, int size, int attempts);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Debug, Message = "Wrote {Rows} rows of {Source} for {Day} (keys {FirstKey}–{LastKey}) in {Milliseconds} ms")]
    public static partial void PartitionWritten(this ILogger logger, int rows, string source, DateOnly day, long firstKey, long lastKey, long milliseconds);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Generated {Rows} rows in {Seconds:F1} s ({RowsPerSecond:F0} rows/s)")]
    public static partial void GenerationFinished(this ILogger logger, long rows, double seconds, double rowsPerSecond);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Created table {Table} of source {Source} if it was missing")]
    public static partial void SourceTableReady(this ILogger logger, string table, string source);
}
