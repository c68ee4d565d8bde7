namespace ControlPlane.Reconciliation;

/// <summary>The reconcile schedule of <c>serve</c>. Bound from the configuration section <c>Reconcile</c> (e.g. <c>Reconcile__Schedule="30 3 * * *"</c>).</summary>
public sealed class ReconcileOptions
{
    public const string Section = "Reconcile";

    /// <summary>Five-field cron of the scheduled reconcile in <see cref="TimeZone"/>. Defaults to none: <c>serve</c> does not reconcile on its own.</summary>
    public string? Schedule { get; set; }

    /// <summary>Time zone of <see cref="Schedule"/> and of "yesterday". Defaults to Asia/Seoul.</summary>
    public string TimeZone { get; set; } = "Asia/Seoul";

    /// <summary>How many local days, ending yesterday, each scheduled reconcile compares. Defaults to 7, clamped to 1–366.</summary>
    public int Days { get; set; } = 7;

    /// <summary>Whether a scheduled reconcile also repairs (backfills) the differing days. Defaults to false.</summary>
    public bool Repair { get; set; }
}
