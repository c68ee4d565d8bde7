using System.CommandLine;
using ControlPlane.Assets;
using ControlPlane.Planning;

namespace ControlPlane.Cli;

/// <summary>
/// <c>plan [--detailed-exitcode]</c> (interface.md): one line per object, <c>+ ~ - =</c> (and <c>!</c> for a conflict).
/// Exit 0; with --detailed-exitcode 2 when changes are pending; 1 on error or conflict.
/// </summary>
public sealed class PlanCommand : ControlPlaneCommand
{
    public static readonly Option<bool> DetailedExitCode = new("--detailed-exitcode") { Description = "Exit 2 when changes are pending (0 when there are none)" };

    public PlanCommand() : base("plan", "Compare the assets with the live cluster and show what apply would change")
    {
        Options.Add(DetailedExitCode);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var plan = await Get<PlanService>(services).PlanAsync(Assets(services), ct).ConfigureAwait(false);
        var conflicts = await PlanPrinter.WriteAsync(plan, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, "plan").ConfigureAwait(false);
        if (conflicts) return ExitCodes.Error;
        return plan.HasPending && parseResult.GetValue(DetailedExitCode) ? ExitCodes.ChangesPending : ExitCodes.Success;
    }
}
