using System.CommandLine;
using System.Diagnostics;

namespace ControlPlane.Cli;

/// <summary>
/// <c>bench ...</c>: a thin entry kept for interface.md. The bench and its Elasticsearch stand-in live in their own
/// project (benchmarks/ControlPlane.Bench) so no bench code ships in this assembly; from a source checkout this runs
/// <c>dotnet run -c Release --project benchmarks/ControlPlane.Bench -- ARGS</c> and relays its lines and exit code,
/// elsewhere it says how to run it. Every argument is passed through unchanged.
/// </summary>
public sealed class BenchCommand : ControlPlaneCommand
{
    public const string Project = "benchmarks/ControlPlane.Bench/ControlPlane.Bench.csproj";

    public BenchCommand() : base("bench", "Measure the loader (runs the bench project benchmarks/ControlPlane.Bench; every argument is passed to it)")
    {
        TreatUnmatchedTokensAsErrors = false;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var root = parseResult.GetValue(GlobalOptions.Root) ?? Directory.GetCurrentDirectory();
        var project = Path.Combine(root, Project);
        if (!File.Exists(project))
            throw new ControlPlaneException($"the bench is its own project now and {project} is not there: from a source checkout run `dotnet run -c Release --project {Project} -- --rows 1000000 --root \"$PWD\"` (docs/benchmark.md)");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["run", "-c", "Release", "--project", project, "--", .. parseResult.Tokens.Skip(1).Select(t => t.Value)]) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new ControlPlaneException("could not start `dotnet run` for the bench project");
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        await Task.WhenAll(Relay(process.StandardOutput, output), Relay(process.StandardError, error)).ConfigureAwait(false);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        return process.ExitCode;

        async Task Relay(StreamReader from, TextWriter to)
        {
            while (await from.ReadLineAsync(ct).ConfigureAwait(false) is { } line) await to.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}
