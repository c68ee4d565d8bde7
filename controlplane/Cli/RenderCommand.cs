using System.CommandLine;
using ControlPlane.Assets;

namespace ControlPlane.Cli;

/// <summary><c>render --out DIR</c> (interface.md): writes every request apply would send to an empty cluster, plus manifest.json.</summary>
public sealed class RenderCommand : ControlPlaneCommand
{
    public static readonly Option<string> Out = new("--out") { Description = "Empty or new folder to write NNN-kind-name.json bodies and manifest.json into", Required = true };

    public RenderCommand() : base("render", "Write every request apply would send to an empty cluster, in order")
    {
        Options.Add(Out);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var result = AssetRenderer.Render(Assets(services), parseResult.GetRequiredValue(Out));
        await parseResult.InvocationConfiguration.Output.WriteLineAsync(
            $"render: {result.Requests} request(s), {result.Files} body file(s) and manifest.json written to {result.Directory}").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
