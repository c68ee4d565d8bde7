using Microsoft.Extensions.Logging;

namespace ControlPlane.Api;

/// <summary>The API area's log messages.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Rejected {Path} from {Remote}: X-Api-Key missing or wrong")]
    public static partial void ApiKeyRejected(ILogger logger, string path, string remote);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "{Path} failed on Elasticsearch: {Reason}")]
    public static partial void ElasticsearchFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Drift check for the status page failed: {Reason}")]
    public static partial void DriftCheckFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Status page could not read {What}: {Reason}")]
    public static partial void StatusReadFailed(ILogger logger, string what, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Serving the search API, status page and /healthz on {Urls}")]
    public static partial void Serving(ILogger logger, string urls);
}
