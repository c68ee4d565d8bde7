using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary>`bench` (interface.md). PLACEHOLDER: replaced by the area that owns it.</summary>
public sealed class BenchCommand() : ControlPlaneCommand("bench", "bench (not built yet)")
{
    protected override Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct) =>
        throw new ControlPlaneException("bench is not built yet");
}
