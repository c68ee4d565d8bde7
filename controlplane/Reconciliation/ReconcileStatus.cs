namespace ControlPlane.Reconciliation;

/// <summary>How the last scheduled reconcile ended: when, over which days, what still differed, or why it failed.</summary>
public sealed record ReconcileRun(DateTimeOffset At, DateOnly From, DateOnly To, IReadOnlyList<DayDifference> Differences, string? Error);

/// <summary>The last <see cref="ReconcileRun"/> of this process, for the status page.</summary>
public sealed class ReconcileStatus
{
    private ReconcileRun? _last;

    public ReconcileRun? Last => Volatile.Read(ref _last);

    public void Record(ReconcileRun run) => Volatile.Write(ref _last, run);
}
