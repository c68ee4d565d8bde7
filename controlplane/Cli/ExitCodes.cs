namespace ControlPlane.Cli;

/// <summary>The exit codes of interface.md.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Error = 1;
    /// <summary>Only for <c>plan --detailed-exitcode</c>: changes are pending (drift).</summary>
    public const int ChangesPending = 2;
    /// <summary>Only for <c>reconcile</c>: MySQL and Elasticsearch differ on at least one store-day.</summary>
    public const int Differences = 2;
}
