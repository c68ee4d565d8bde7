using System.CommandLine;
using ControlPlane.Assets;
using ControlPlane.Planning;

namespace ControlPlane.Cli;

/// <summary>
/// <c>plan [--detailed-exitcode] [--json]</c> (interface.md): one line per object, <c>+ ~ - =</c> (and <c>!</c> for a conflict),
/// each changed path's live and desired value under its line; with --json the same plan as one document (docs/plan-json.md).
/// Exit 0; with --detailed-exitcode 2 when changes are pending; 1 on error or conflict.
/// </summary>
public sealed class PlanCommand : ControlPlaneCommand
{
    public static readonly Option<bool> DetailedExitCode = new("--detailed-exitcode") { Description = "Exit 2 when changes are pending (0 when there are none)" };
    public static readonly Option<bool> Json = new("--json") { Description = "Write the plan as one JSON document on stdout (shape: docs/plan-json.md)" };

    public PlanCommand() : base("plan", "Compare the assets with the live cluster and show what apply would change")
    {
        Options.Add(DetailedExitCode);
        Options.Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var plan = await Get<PlanService>(services).PlanAsync(Assets(services), ct).ConfigureAwait(false);
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        bool conflicts;
        if (parseResult.GetValue(Json))
        {
            await PlanJsonWriter.WriteAsync(plan, output).ConfigureAwait(false);
            conflicts = plan.Conflicts.Count > 0;
            foreach (var conflict in plan.Conflicts) await error.WriteLineAsync($"plan: {conflict}").ConfigureAwait(false);
        }
        else conflicts = await PlanPrinter.WriteAsync(plan, output, error, "plan").ConfigureAwait(false);
        if (conflicts) return ExitCodes.Error;
        return plan.HasPending && parseResult.GetValue(DetailedExitCode) ? ExitCodes.ChangesPending : ExitCodes.Success;
    }
}
