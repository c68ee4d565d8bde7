using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary>`plan` (interface.md). PLACEHOLDER: replaced by the area that owns it.</summary>
public sealed class PlanCommand() : ControlPlaneCommand("plan", "plan (not built yet)")
{
    protected override Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct) =>
        throw new ControlPlaneException("plan is not built yet");
}
