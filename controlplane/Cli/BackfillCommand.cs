using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary>`backfill` (interface.md). PLACEHOLDER: replaced by the area that owns it.</summary>
public sealed class BackfillCommand() : ControlPlaneCommand("backfill", "backfill (not built yet)")
{
    protected override Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct) =>
        throw new ControlPlaneException("backfill is not built yet");
}
