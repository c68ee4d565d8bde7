using ControlPlane.Assets;
using ControlPlane.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Loading;

/// <summary>
/// Runs each source on its cron schedule, in its own time zone. A run missed while the process was down (an occurrence
/// after the state's <c>last_run_finished_at</c>) runs once at start. One loop per source, so runs of a source never
/// overlap here, and the lease keeps other processes out. Hosted under <c>serve</c>; <c>load</c> without <c>--once</c>
/// calls <see cref="RunAsync"/> in the foreground. A failed run is logged and the schedule goes on.
/// </summary>
public sealed class LoaderScheduler(
    LoadService loads, LoaderStateStore states, AssetRoot root, IOptions<LoaderOptions> options, TimeProvider time, ILogger<LoaderScheduler> logger)
    : BackgroundService
{
    /// <summary>Longest single wait, so clock changes and far-off occurrences are re-checked now and then.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ScheduleEnabled) { logger.SchedulesOff("Loader:ScheduleEnabled is false"); return; }
        IReadOnlyList<SourceDefinition> sources;
        try
        {
            loads.RequireConfiguration();
            sources = SourceCatalog.Load(root);
        }
        catch (Exception ex) when (ex is InvalidOperationException or AssetException)
        {
            logger.SchedulesOff(ex.Message);
            return;
        }
        if (sources.Count == 0) { logger.SchedulesOff($"no source definitions under {root.Sources}"); return; }
        await RunAsync(sources, null, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Runs the schedules of <paramref name="sources"/> until <paramref name="ct"/> is cancelled; <paramref name="finished"/> sees each run's result.</summary>
    public Task RunAsync(IReadOnlyList<SourceDefinition> sources, Action<LoadResult>? finished, CancellationToken ct) =>
        Task.WhenAll(sources.Select(s => Task.Run(() => RunSourceAsync(s, finished, ct), ct)));

    private async Task RunSourceAsync(SourceDefinition source, Action<LoadResult>? finished, CancellationToken ct)
    {
        var schedule = SourceSchedule.For(source);
        try
        {
            var lastFinished = await LastFinishedAsync(source, ct).ConfigureAwait(false);
            if (schedule.Missed(lastFinished, time.GetUtcNow()))
            {
                logger.MissedRun(source.Name, lastFinished?.ToString("O") ?? "never");
                await RunOnceAsync(source, finished, ct).ConfigureAwait(false);
            }
            while (!ct.IsCancellationRequested)
            {
                var next = schedule.NextAfter(time.GetUtcNow());
                logger.NextRun(source.Name, next.ToString("O"), source.Schedule, source.TimeZone);
                for (var wait = next - time.GetUtcNow(); wait > TimeSpan.Zero; wait = next - time.GetUtcNow())
                    await Task.Delay(wait < MaxWait ? wait : MaxWait, time, ct).ConfigureAwait(false);
                await RunOnceAsync(source, finished, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task<DateTimeOffset?> LastFinishedAsync(SourceDefinition source, CancellationToken ct)
    {
        try
        {
            return (await states.GetAsync(source.Name, ct).ConfigureAwait(false))?.State.LastRunFinishedAt;
        }
        catch (Http.RestException)
        {
            return null; // state unreadable: run now; the run itself reports what is wrong
        }
    }

    private async Task RunOnceAsync(SourceDefinition source, Action<LoadResult>? finished, CancellationToken ct)
    {
        try
        {
            var result = await loads.LoadAsync(source, null, ct).ConfigureAwait(false);
            finished?.Invoke(result);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.ScheduledRunFailed(source.Name, ex.Message, ex);
        }
    }
}
