using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary>`validate` (interface.md). PLACEHOLDER: replaced by the area that owns it.</summary>
public sealed class ValidateCommand() : ControlPlaneCommand("validate", "validate (not built yet)")
{
    protected override Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct) =>
        throw new ControlPlaneException("validate is not built yet");
}
