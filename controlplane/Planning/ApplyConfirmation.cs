namespace ControlPlane.Planning;

/// <summary>apply's question before changing anything: skipped with <c>--yes</c>, refused when nobody can answer it.</summary>
public static class ApplyConfirmation
{
    /// <summary>True to go ahead. Throws when stdin is not a terminal and <paramref name="yes"/> was not given (CI must opt in).</summary>
    public static bool Confirm(bool yes, bool inputIsTerminal, TextReader input, TextWriter output, int pending)
    {
        if (yes) return true;
        if (!inputIsTerminal)
            throw new InvalidOperationException("stdin is not a terminal, so apply cannot ask for confirmation: pass --yes to apply without asking");
        output.Write($"Apply these {pending} change(s)? Only 'yes' is accepted: ");
        output.Flush();
        return string.Equals(input.ReadLine()?.Trim(), "yes", StringComparison.Ordinal);
    }
}
