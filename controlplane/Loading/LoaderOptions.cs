namespace ControlPlane.Loading;

/// <summary>How the delta loader runs. Bound from the configuration section <c>Loader</c> (e.g. <c>Loader__BulkConcurrency=4</c>).</summary>
public sealed class LoaderOptions
{
    public const string Section = "Loader";

    /// <summary>Bulk requests in flight at once (one page each). Defaults to 2, clamped to 1–16.</summary>
    public int BulkConcurrency { get; set; } = 2;

    /// <summary>Pages buffered between two stages; a full channel makes the reader wait. Defaults to 4, clamped to 1–64.</summary>
    public int ChannelCapacity { get; set; } = 4;

    /// <summary>
    /// First backoff delay after a transient failure (a bulk item answered 429, 5xx or blocked; a request unanswered, reset or
    /// timed out); doubles each attempt up to <see cref="RetryMaxDelay"/>, jittered to 50–100 %. Defaults to 200 ms, clamped to 0–30 s.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest backoff delay between two attempts. Defaults to 30 s, clamped to the base delay–10 min.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after it started a run keeps retrying transient failures. Transient failures are never dead-lettered: past
    /// this deadline the run fails with the last reason, the watermark stays before the oldest unfinished row and the next
    /// run sends those rows again. Defaults to 1 hour (a 6-hourly schedule's run ends well before the next), clamped to 1 s–24 h.
    /// </summary>
    public TimeSpan RunDeadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a source's lease lasts without renewal; renewed every third of it. Defaults to 2 minutes, at least 5 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Least time between two watermark writes during a run (the last one is always written). Defaults to 5 s; 0 writes every advance.</summary>
    public TimeSpan StateFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The fraud check refreshes <c>platform_sales</c> after this many pages so that earlier pages of the same run become
    /// searchable and can leave its in-memory window. Defaults to 8 (each refresh waits on the cluster and makes a segment there), clamped to 1–1000.
    /// </summary>
    public int FraudRefreshEveryPages { get; set; } = 8;

    /// <summary>Least time between two progress lines. Defaults to 5 s.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>MySQL command timeout of one page query. Defaults to 300 s.</summary>
    public int MySqlCommandTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// The <c>time_zone</c> every loader connection sets before reading (<c>+00:00</c>, <c>UTC</c>, <c>Asia/Seoul</c>; named
    /// zones need the server's time zone tables). Set it when the applications whose <c>CURRENT_TIMESTAMP(6)</c> stamps
    /// updated_at run their sessions in another zone than the server's default: the loader must read the clock and convert
    /// in the zone the values were stamped in. Defaults to empty: the server's own default, what such stamps use unless
    /// the writer changed it.
    /// </summary>
    public string? MySqlSessionTimeZone { get; set; }

    /// <summary>Whether <c>serve</c> runs the sources' cron schedules. Defaults to true.</summary>
    public bool ScheduleEnabled { get; set; } = true;

    /// <summary>
    /// How old the weekly AOV transform's last checkpoint may be when a run checks sales against it; older (or none)
    /// makes the run log a warning and record it on its state (<c>last_run_warning</c>). Defaults to 1 hour, at least 1 minute.
    /// </summary>
    public TimeSpan AovMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>This process's name in leases; each run adds its own run id to it. Defaults to <c>host:pid</c>.</summary>
    public string? Owner { get; set; }

    /// <summary>A copy with nonsense values brought into range.</summary>
    public LoaderOptions Clamped() => new()
    {
        BulkConcurrency = Math.Clamp(BulkConcurrency, 1, 16),
        ChannelCapacity = Math.Clamp(ChannelCapacity, 1, 64),
        RetryBaseDelay = Clamp(RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromSeconds(30)),
        RetryMaxDelay = Clamp(RetryMaxDelay, Clamp(RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromSeconds(30)), TimeSpan.FromMinutes(10)),
        RunDeadline = Clamp(RunDeadline, TimeSpan.FromSeconds(1), TimeSpan.FromHours(24)),
        LeaseDuration = Clamp(LeaseDuration, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1)),
        StateFlushInterval = Clamp(StateFlushInterval, TimeSpan.Zero, TimeSpan.FromMinutes(10)),
        FraudRefreshEveryPages = Math.Clamp(FraudRefreshEveryPages, 1, 1000),
        ProgressInterval = Clamp(ProgressInterval, TimeSpan.Zero, TimeSpan.FromHours(1)),
        MySqlCommandTimeoutSeconds = Math.Clamp(MySqlCommandTimeoutSeconds, 1, 86_400),
        MySqlSessionTimeZone = string.IsNullOrWhiteSpace(MySqlSessionTimeZone) ? null : MySqlSessionTimeZone.Trim(),
        ScheduleEnabled = ScheduleEnabled,
        AovMaxAge = Clamp(AovMaxAge, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30)),
        Owner = string.IsNullOrWhiteSpace(Owner) ? DefaultOwner : Owner.Trim(),
    };

    private static readonly string DefaultOwner = $"{Environment.MachineName}:{Environment.ProcessId}";

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
}
