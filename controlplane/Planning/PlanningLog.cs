using Microsoft.Extensions.Logging;

namespace ControlPlane.Planning;

/// <summary>The log messages of Planning/ (source-generated).</summary>
internal static partial class PlanningLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Planning {Assets} Elasticsearch assets against cluster {Cluster} ({Version})")]
    public static partial void Planning(ILogger logger, int assets, string cluster, string version);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Method} /{Path} for {What}")]
    public static partial void Sending(ILogger logger, string method, string path, string what);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{What}: already gone ({Method} /{Path} answered 404)")]
    public static partial void AlreadyGone(ILogger logger, string what, string method, string path);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Applied {Steps} request(s) to Elasticsearch")]
    public static partial void Applied(ILogger logger, int steps);
}
