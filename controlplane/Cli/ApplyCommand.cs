using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary>`apply` (interface.md). PLACEHOLDER: replaced by the area that owns it.</summary>
public sealed class ApplyCommand() : ControlPlaneCommand("apply", "apply (not built yet)")
{
    protected override Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct) =>
        throw new ControlPlaneException("apply is not built yet");
}
