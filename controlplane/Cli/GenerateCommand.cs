using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary>`generate` (interface.md). PLACEHOLDER: replaced by the area that owns it.</summary>
public sealed class GenerateCommand() : ControlPlaneCommand("generate", "generate (not built yet)")
{
    protected override Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct) =>
        throw new ControlPlaneException("generate is not built yet");
}
