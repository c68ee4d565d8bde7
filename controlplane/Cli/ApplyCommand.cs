using System.CommandLine;
using ControlPlane.Assets;
using ControlPlane.Planning;

namespace ControlPlane.Cli;

/// <summary>
/// <c>apply [--yes]</c> (interface.md): shows the plan, asks (unless --yes; refuses when stdin is not a terminal), then carries
/// it out in dependency order. A second apply finds nothing to do.
/// </summary>
public sealed class ApplyCommand : ControlPlaneCommand
{
    public static readonly Option<bool> Yes = new("--yes", "-y") { Description = "Apply without asking for confirmation (required when stdin is not a terminal)" };

    public ApplyCommand() : base("apply", "Carry out the plan: create and update assets in dependency order, delete ours that left the repository")
    {
        Options.Add(Yes);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var root = Assets(services);
        var planner = Get<PlanService>(services);
        var output = parseResult.InvocationConfiguration.Output;
        var plan = await planner.PlanAsync(root, ct).ConfigureAwait(false);
        if (await PlanPrinter.WriteAsync(plan, output, parseResult.InvocationConfiguration.Error, "apply").ConfigureAwait(false)) return ExitCodes.Error;
        if (!plan.HasPending)
        {
            await output.WriteLineAsync("apply: nothing to do").ConfigureAwait(false);
            return ExitCodes.Success;
        }
        if (!ApplyConfirmation.Confirm(parseResult.GetValue(Yes), !Console.IsInputRedirected, Console.In, output, plan.PendingCount))
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync("apply: not confirmed; nothing was changed").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        await planner.ApplyAsync(root, plan, ct).ConfigureAwait(false);
        await output.WriteLineAsync($"apply: done, {plan.PendingCount} change(s) applied").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
