using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary>`serve` (interface.md). PLACEHOLDER: replaced by the area that owns it.</summary>
public sealed class ServeCommand() : ControlPlaneCommand("serve", "serve (not built yet)")
{
    protected override Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct) =>
        throw new ControlPlaneException("serve is not built yet");
}
