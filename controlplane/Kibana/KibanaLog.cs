using Microsoft.Extensions.Logging;

namespace ControlPlane.Kibana;

/// <summary>The Kibana area's log messages.</summary>
internal static partial class KibanaLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Importing {Count} saved objects into Kibana space {Space}")]
    public static partial void Importing(ILogger logger, int count, string space);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Kibana imported {SuccessCount} saved objects, {ErrorCount} failed")]
    public static partial void Imported(ILogger logger, int successCount, int errorCount);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Kibana refused saved object {Error}")]
    public static partial void ImportFailed(ILogger logger, KibanaImportError error);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Kibana drift: {Pending} of {Total} saved objects differ or are missing")]
    public static partial void Planned(ILogger logger, int pending, int total);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "Set {Count} Kibana advanced settings in space {Space}")]
    public static partial void SettingsSet(ILogger logger, int count, string space);
}
