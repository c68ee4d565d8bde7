using System.CommandLine;
using ControlPlane.Assets;

namespace ControlPlane.Cli;

/// <summary>
/// <c>validate</c> (interface.md): offline, every registered asset check; one <c>file:line: message</c> per problem or
/// warning on stderr, then a summary naming how many files of each kind were checked. Exit 0 when there are no problems
/// (warnings allowed), 1 otherwise.
/// </summary>
public sealed class ValidateCommand() : ControlPlaneCommand("validate", "Check every asset offline: YAML, required fields, cross-references, request bodies against Elastic's schemas")
{
    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var root = Assets(services);
        var reports = Get<AssetValidator>(services).Validate(root);
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var findings = reports.SelectMany(r => r.Diagnostics).ToList();
        foreach (var finding in findings) await error.WriteLineAsync(finding.ToString()).ConfigureAwait(false);
        var problems = findings.Where(f => !f.Warning).ToList();
        var warnings = findings.Count - problems.Count;
        var warned = warnings > 0 ? $", {warnings} warning(s)" : "";
        var checkedSummary = Checked(AssetInventory.Take(root).Counts);
        if (problems.Count == 0)
        {
            await output.WriteLineAsync($"validate: no problems in {root.Path}{warned}; checked {checkedSummary}").ConfigureAwait(false);
            return ExitCodes.Success;
        }
        var files = problems.Select(p => p.File).Distinct().Count();
        await error.WriteLineAsync($"validate: {problems.Count} problem(s) in {files} file(s){warned}; checked {checkedSummary}").ConfigureAwait(false);
        return ExitCodes.Error;
    }

    /// <summary>"7 component templates, 1 ingest pipeline, …": files read per kind, so a clean result says what it covered.</summary>
    private static string Checked(IReadOnlyList<(string Kind, int Files)> counts) =>
        counts.Count == 0 ? "no asset files" : string.Join(", ", counts.Select(c => $"{c.Files} {Plural(c.Kind.Replace('_', ' '), c.Files)}"));

    private static string Plural(string kind, int n) =>
        n == 1 ? kind
        : kind.EndsWith("ex", StringComparison.Ordinal) ? kind[..^2] + "ices"
        : kind.EndsWith('y') ? kind[..^1] + "ies"
        : kind + "s";
}
