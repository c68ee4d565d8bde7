namespace ControlPlane.Planning;

/// <summary>
/// Prints a plan the same way for <c>plan</c> and <c>apply</c>: one line per object, under a changed one each path's live
/// and desired value (<c>    description: "old" → "new"</c>, shortened, secrets redacted), a summary, conflicts repeated on stderr.
/// </summary>
public static class PlanPrinter
{
    /// <summary>Writes the plan; returns true when it has conflicts (the caller exits 1).</summary>
    public static async Task<bool> WriteAsync(PlanResult plan, TextWriter output, TextWriter error, string command)
    {
        foreach (var change in plan.Changes)
        {
            await output.WriteLineAsync(change.ToString()).ConfigureAwait(false);
            foreach (var value in change.Values) await output.WriteLineAsync("    " + value.ToText()).ConfigureAwait(false);
        }
        await output.WriteLineAsync($"{command}: {plan.Summary}").ConfigureAwait(false);
        if (plan.Conflicts.Count == 0) return false;
        foreach (var conflict in plan.Conflicts) await error.WriteLineAsync($"{command}: {conflict}").ConfigureAwait(false);
        await error.WriteLineAsync($"{command}: {plan.Conflicts.Count} conflict(s) must be resolved before apply can run").ConfigureAwait(false);
        return true;
    }
}
