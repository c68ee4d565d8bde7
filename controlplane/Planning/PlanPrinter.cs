namespace ControlPlane.Planning;

/// <summary>Prints a plan the same way for <c>plan</c> and <c>apply</c>: one line per object, a summary, conflicts repeated on stderr.</summary>
public static class PlanPrinter
{
    /// <summary>Writes the plan; returns true when it has conflicts (the caller exits 1).</summary>
    public static async Task<bool> WriteAsync(PlanResult plan, TextWriter output, TextWriter error, string command)
    {
        foreach (var change in plan.Changes) await output.WriteLineAsync(change.ToString()).ConfigureAwait(false);
        await output.WriteLineAsync($"{command}: {plan.Summary}").ConfigureAwait(false);
        if (plan.Conflicts.Count == 0) return false;
        foreach (var conflict in plan.Conflicts) await error.WriteLineAsync($"{command}: {conflict}").ConfigureAwait(false);
        await error.WriteLineAsync($"{command}: {plan.Conflicts.Count} conflict(s) must be resolved before apply can run").ConfigureAwait(false);
        return true;
    }
}
