using Microsoft.Extensions.Logging;

namespace ControlPlane.Bench;

/// <summary>The bench's log messages (source-generated). The figures themselves go to the command's output.</summary>
internal static partial class BenchLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Bench of source {Source} in database {Database}: {Rows} rows, {PageRows} rows a page, {Concurrency} bulk senders")]
    public static partial void BenchStarting(this ILogger logger, string source, string database, long rows, int pageRows, int concurrency);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Bench sink started at {Url} as process {ProcessId}")]
    public static partial void SinkStarted(this ILogger logger, Uri url, int processId);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "Bench finished: loader {LoaderRowsPerSecond:0} rows/s, raw read {RawRowsPerSecond:0} rows/s, peak RSS {PeakRssMb} MB")]
    public static partial void BenchFinished(this ILogger logger, double loaderRowsPerSecond, double rawRowsPerSecond, long? peakRssMb);
}
