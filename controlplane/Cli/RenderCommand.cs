using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary>`render` (interface.md). PLACEHOLDER: replaced by the area that owns it.</summary>
public sealed class RenderCommand() : ControlPlaneCommand("render", "render (not built yet)")
{
    protected override Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct) =>
        throw new ControlPlaneException("render is not built yet");
}
