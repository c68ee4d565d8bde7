using System.CommandLine;
using ControlPlane.Cli;

namespace ControlPlane.Tests.Cli;

/// <summary>What one command-line invocation printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>Runs the real command tree in-process, as Program.cs does, capturing stdout and stderr per invocation.</summary>
public static class CliRunner
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>Runs with <paramref name="settings"/> read as the environment would give them (e.g. CARD_HMAC_KEY).</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?>? settings, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RootCommandFactory.Create(settings).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
