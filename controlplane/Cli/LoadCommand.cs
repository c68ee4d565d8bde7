using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary>`load` (interface.md). PLACEHOLDER: replaced by the area that owns it.</summary>
public sealed class LoadCommand() : ControlPlaneCommand("load", "load (not built yet)")
{
    protected override Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct) =>
        throw new ControlPlaneException("load is not built yet");
}
