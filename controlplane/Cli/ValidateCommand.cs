using System.CommandLine;
using ControlPlane.Assets;

namespace ControlPlane.Cli;

/// <summary>
/// <c>validate</c> (interface.md): offline, every registered asset check; one <c>file:line: message</c> per problem on stderr,
/// then a summary. Exit 0 when clean, 1 otherwise.
/// </summary>
public sealed class ValidateCommand() : ControlPlaneCommand("validate", "Check every asset offline: YAML, required fields, cross-references, request bodies against Elastic's schemas")
{
    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var root = Assets(services);
        var reports = Get<AssetValidator>(services).Validate(root);
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var problems = reports.SelectMany(r => r.Diagnostics).ToList();
        foreach (var problem in problems) await error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
        var checks = string.Join(", ", reports.Select(r => $"{r.Check}: {r.Diagnostics.Count}"));
        if (problems.Count == 0)
        {
            await output.WriteLineAsync($"validate: no problems in {root.Path} ({checks})").ConfigureAwait(false);
            return ExitCodes.Success;
        }
        var files = problems.Select(p => p.File).Distinct().Count();
        await error.WriteLineAsync($"validate: {problems.Count} problem(s) in {files} file(s) ({checks})").ConfigureAwait(false);
        return ExitCodes.Error;
    }
}
