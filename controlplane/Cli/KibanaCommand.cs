using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary>`kibana` (interface.md). PLACEHOLDER: replaced by the area that owns it.</summary>
public sealed class KibanaCommand() : ControlPlaneCommand("kibana", "kibana (not built yet)")
{
    protected override Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct) =>
        throw new ControlPlaneException("kibana is not built yet");
}
