using ControlPlane.Loading;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Cronos;

namespace ControlPlane.Reconciliation;

/// <summary>
/// <c>serve</c>'s reconcile on its own cron (<see cref="ReconcileOptions.Schedule"/>, off by default): compares the last
/// <see cref="ReconcileOptions.Days"/> local days of every source, repairs them when told to, and keeps the result for the
/// status page.
/// </summary>
public sealed partial class ReconcileScheduler(
    ReconcileService reconcile, LoadService loads, ReconcileStatus status, IOptions<ReconcileOptions> options, TimeProvider time, ILogger<ReconcileScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Schedule)) return;
        SourceSchedule schedule;
        try { schedule = new SourceSchedule(CronExpression.Parse(o.Schedule, CronFormat.Standard), TimeZoneInfo.FindSystemTimeZoneById(o.TimeZone)); }
        catch (Exception ex) when (ex is CronFormatException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            ScheduleInvalid(logger, o.Schedule, o.TimeZone, ex.Message);
            return;
        }
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var next = schedule.NextAfter(time.GetUtcNow());
                for (var wait = next - time.GetUtcNow(); wait > TimeSpan.Zero; wait = next - time.GetUtcNow())
                    await Task.Delay(wait < TimeSpan.FromHours(1) ? wait : TimeSpan.FromHours(1), time, stoppingToken).ConfigureAwait(false);
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One scheduled reconcile of every source over the last days; the result is recorded, never thrown.</summary>
    public async Task<ReconcileRun> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(o.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        var (from, to) = (today.AddDays(-Math.Clamp(o.Days, 1, 366)), today.AddDays(-1));
        ReconcileRun run;
        try
        {
            var differences = new List<DayDifference>();
            foreach (var source in loads.Sources(null))
            {
                var found = await reconcile.CompareAsync(source, from, to, ct).ConfigureAwait(false);
                if (found.Count > 0 && o.Repair)
                {
                    await reconcile.RepairAsync(source, found, ct).ConfigureAwait(false);
                    found = await reconcile.CompareAsync(source, from, to, ct).ConfigureAwait(false);
                }
                differences.AddRange(found);
            }
            run = new ReconcileRun(time.GetUtcNow(), from, to, differences, null);
            Finished(logger, from.ToString("O"), to.ToString("O"), differences.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            run = new ReconcileRun(time.GetUtcNow(), from, to, [], ex.Message);
            Failed(logger, ex.Message, ex);
        }
        status.Record(run);
        return run;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Scheduled reconcile of {From}..{To}: {Differences} store-day(s) differ")]
    private static partial void Finished(ILogger logger, string from, string to, int differences);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Scheduled reconcile failed: {Reason}")]
    private static partial void Failed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Reconcile schedule off: cron '{Schedule}' in {TimeZone} is invalid: {Reason}")]
    private static partial void ScheduleInvalid(ILogger logger, string schedule, string timeZone, string reason);
}
