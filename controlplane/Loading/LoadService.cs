using System.Diagnostics;
using ControlPlane.Assets;
using ControlPlane.Configuration;
using ControlPlane.Elastic;
using ControlPlane.Fraud;
using ControlPlane.Http;
using ControlPlane.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Loading;

/// <summary>
/// Runs one source once: takes its lease, reads its changes since the watermark (minus the overlap) up to the database
/// clock minus the lag, pushes them through the <see cref="LoadPipeline"/>, keeps the watermark and run figures in the
/// state document, and afterwards nudges the AOV transforms. A backfill reads the rows sold in a range instead and leaves
/// the watermark alone. Used by <c>load</c>, <c>backfill</c> and the scheduler.
/// </summary>
public sealed class LoadService(
    ElasticsearchClient es,
    LoaderStateStore stateStore,
    ChangeReader reader,
    FraudLookups lookups,
    TransformTrigger transforms,
    AssetRoot root,
    IOptions<ControlPlaneOptions> controlPlane,
    IOptions<LoaderOptions> loaderOptions,
    IOptionsMonitor<RestTransportOptions> rest,
    TimeProvider time,
    ILogger<LoadService> logger)
{
    private const string Delta = "load", Backfill = "backfill";
    private readonly LoaderOptions _options = loaderOptions.Value.Clamped();

    /// <summary>One delta run of <paramref name="source"/>.</summary>
    public Task<LoadResult> LoadAsync(SourceDefinition source, IProgress<LoadProgress>? progress, CancellationToken ct) =>
        RunAsync(source, Delta, null, null, progress, ct);

    /// <summary>Re-reads the rows of <paramref name="source"/> sold from <paramref name="soldFrom"/> to <paramref name="soldTo"/> (local times, inclusive).</summary>
    public Task<LoadResult> BackfillAsync(SourceDefinition source, DateTime soldFrom, DateTime soldTo, IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        if (soldFrom > soldTo) throw new ArgumentException($"backfill range is empty: --from {soldFrom:yyyy-MM-dd HH:mm:ss} is after --to {soldTo:yyyy-MM-dd HH:mm:ss}");
        return RunAsync(source, Backfill, soldFrom, soldTo, progress, ct);
    }

    /// <summary>The source named <paramref name="name"/>, or every source when it is null.</summary>
    public IReadOnlyList<SourceDefinition> Sources(string? name)
    {
        if (name is not null) return [SourceCatalog.Get(root, name)];
        var all = SourceCatalog.Load(root);
        if (all.Count == 0) throw new InvalidOperationException($"no source definitions under {root.Relative(root.Sources)}/ (elastic-assets/sources/*.yml)");
        return all;
    }

    /// <summary>The settings every run needs, checked before anything is touched; each error names the setting.</summary>
    public (string MySql, CardFingerprint Cards) RequireConfiguration()
    {
        if (!rest.Get(ConnectionOptionsSetup.Elasticsearch).IsConfigured)
            throw new InvalidOperationException("ES_URL is not set: the loader writes to Elasticsearch (set ES_URL or pass --es-url).");
        var mySql = controlPlane.Value.MySqlConnection;
        if (string.IsNullOrWhiteSpace(mySql))
            throw new InvalidOperationException("MYSQL_CONNECTION is not set: the loader reads the sources from MySQL (set MYSQL_CONNECTION or pass --mysql).");
        return (mySql, CardFingerprint.Create(controlPlane.Value.CardHmacKey));
    }

    private async Task<LoadResult> RunAsync(SourceDefinition source, string kind, DateTime? soldFrom, DateTime? soldTo, IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        var (mySql, cards) = RequireConfiguration();
        var rules = FraudRuleCatalog.LoadEnabled(root);
        var started = time.GetTimestamp();
        var owner = $"{_options.Owner}:{Guid.NewGuid().ToString("N")[..8]}";

        var (lease, holder) = await SourceLease.TryAcquireAsync(stateStore, source.Name, owner, _options.LeaseDuration, time, ct).ConfigureAwait(false);
        if (lease is null)
        {
            var until = holder?.LeaseExpiresAt?.ToString("O") ?? "unknown";
            logger.RunSkipped(kind, source.Name, holder?.LeaseOwner ?? "another loader", until);
            return new LoadResult(source.Name, kind, LoadStatus.Skipped, 0, 0, 0, 0, 0, TimeSpan.Zero,
                $"source {source.Name} is being loaded by {holder?.LeaseOwner ?? "another loader"} until {until}");
        }

        using var _ = lease;
        var stats = new LoadStats();
        var initial = lease.State;
        var tracker = new WatermarkTracker(initial.Watermark ?? ChangeKey.Start);
        Exception? error = null;
        using (var run = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost))
        using (var keepAlive = CancellationTokenSource.CreateLinkedTokenSource(run.Token))
        {
            var renewing = lease.KeepAliveAsync(ex => logger.LeaseRenewalFailed(source.Name, ex.Message), keepAlive.Token);
            try
            {
                await LoadPagesAsync(source, kind, soldFrom, soldTo, mySql, cards, rules, lease, initial, tracker, stats, started, progress, run.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                error = ex;
            }
            finally
            {
                await keepAlive.CancelAsync().ConfigureAwait(false);
                await renewing.ConfigureAwait(false);
            }
        }

        var message = error switch
        {
            null => null,
            OperationCanceledException when lease.Lost.IsCancellationRequested && !ct.IsCancellationRequested =>
                $"lost the lease on source {source.Name}: another loader took it over",
            OperationCanceledException when ct.IsCancellationRequested => "cancelled",
            _ => error.Message,
        };
        await SaveFinalStateAsync(source, kind, lease, tracker, stats, error is null, message).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started);
        if (stats.WroteSales && !ct.IsCancellationRequested) await transforms.ScheduleNowAsync(ct).ConfigureAwait(false);

        var status = error is null ? LoadStatus.Succeeded : LoadStatus.Failed;
        logger.RunFinished(kind, source.Name, status == LoadStatus.Succeeded ? "succeeded" : "failed", elapsed.TotalSeconds,
            stats.Read, stats.Indexed, stats.Deleted, stats.DeadLettered, stats.Flagged, stats.Unflagged, tracker.Watermark.ToString());
        if (error is not null && !ct.IsCancellationRequested) logger.RunFailed(kind, source.Name, message!, error);
        if (error is OperationCanceledException && ct.IsCancellationRequested) throw new OperationCanceledException($"{kind} of source {source.Name} cancelled", error, ct);
        return new LoadResult(source.Name, kind, status, stats.Read, stats.Indexed, stats.Deleted, stats.DeadLettered, stats.Flagged, elapsed, message, stats.Unflagged);
    }

    private async Task LoadPagesAsync(SourceDefinition source, string kind, DateTime? soldFrom, DateTime? soldTo, string mySql, CardFingerprint cards,
        IReadOnlyList<FraudRule> rules, SourceLease lease, LoaderState initial, WatermarkTracker tracker, LoadStats stats, long started,
        IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        var zone = source.TimeZoneInfo;
        if (kind == Delta)
        {
            await lease.UpdateAsync(s =>
            {
                s.LastRunStartedAt = time.GetUtcNow();
                s.LastRunStatus = "running";
                s.LastError = null;
                s.LastRunRowsRead = s.LastRunRowsIndexed = s.LastRunRowsDeleted = s.LastRunRowsDeadlettered = s.LastRunRowsFlagged = 0;
            }, ct).ConfigureAwait(false);
        }

        await using var connection = await ChangeReader.OpenAsync(mySql, ct, _options.MySqlSessionTimeZone).ConfigureAwait(false);
        // Rows newer than the database's clock minus the lag may still be in uncommitted transactions: leave them to the next run.
        var clock = await ChangeReader.ReadClockAsync(connection, source, ct).ConfigureAwait(false);
        var lag = source.ChangeCapture.LagDuration;
        var upper = clock.Now - lag;
        var window = kind == Delta
            ? new ChangeWindow(initial.Watermark is { } w ? new ChangeKey(w.UpdatedAt - source.ChangeCapture.OverlapDuration, long.MinValue) : ChangeKey.Start, upper) { Clock = clock }
            : new ChangeWindow(ChangeKey.Start, upper, soldFrom, soldTo) { Clock = clock };
        logger.RunStarted(kind, source.Name, window.After == ChangeKey.Start ? "the beginning" : window.After.ToString(),
            (clock.NowInstant - lag).ToString("O", System.Globalization.CultureInfo.InvariantCulture), clock.Describe());

        var fraud = new FraudCheckStage(rules, lookups, tracker.IsFinished, _options.FraudRefreshEveryPages, zone, time, source.Name, logger);
        var sender = new BulkSender(es, source, _options, time, logger);
        var pipeline = new LoadPipeline(reader, new SaleMapper(source, cards), fraud, sender, tracker, stats, _options);

        var lastSave = time.GetTimestamp();
        var lastProgress = time.GetTimestamp();
        await pipeline.RunAsync(connection, source, window, async (_, moved, t) =>
        {
            if (progress is not null && time.GetElapsedTime(lastProgress) >= _options.ProgressInterval)
            {
                lastProgress = time.GetTimestamp();
                progress.Report(Progress(source, stats, tracker, started));
            }
            // The watermark is written as it moves (at most every StateFlushInterval), so a killed run resumes near where it stopped.
            if (kind == Delta && moved is { } key && time.GetElapsedTime(lastSave) >= _options.StateFlushInterval)
            {
                await lease.UpdateAsync(s => { s.SetWatermark(key); CopyRunFigures(s, stats); }, t).ConfigureAwait(false);
                lastSave = time.GetTimestamp();
                logger.WatermarkSaved(source.Name, key.ToString());
            }
        }, ct).ConfigureAwait(false);
        progress?.Report(Progress(source, stats, tracker, started));
    }

    /// <summary>
    /// Records how the run ended and releases the lease. Written even when the run was cancelled (bounded by its own
    /// timeout): the watermark saved is the end of the finished prefix, so it is always safe.
    /// </summary>
    private async Task SaveFinalStateAsync(SourceDefinition source, string kind, SourceLease lease, WatermarkTracker tracker, LoadStats stats, bool succeeded, string? message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await lease.UpdateAsync(s =>
            {
                s.TotalRowsIndexed += stats.Indexed;
                s.TotalRowsDeadlettered += stats.DeadLettered;
                s.TotalRowsFlagged += stats.Flagged;
                if (kind != Delta) return; // a backfill never moves the watermark nor stands for the last scheduled run
                if (tracker.Watermark != ChangeKey.Start && (s.Watermark is not { } old || tracker.Watermark > old)) s.SetWatermark(tracker.Watermark);
                CopyRunFigures(s, stats);
                s.LastRunFinishedAt = time.GetUtcNow();
                s.LastRunStatus = succeeded ? "succeeded" : "failed";
                s.LastError = message;
            }, timeout.Token, release: true).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RestException or InvalidOperationException or OperationCanceledException)
        {
            logger.FinalStateFailed(source.Name, ex.Message, ex);
        }
    }

    private static void CopyRunFigures(LoaderState s, LoadStats stats)
    {
        s.LastRunRowsRead = stats.Read;
        s.LastRunRowsIndexed = stats.Indexed;
        s.LastRunRowsDeleted = stats.Deleted;
        s.LastRunRowsDeadlettered = stats.DeadLettered;
        s.LastRunRowsFlagged = stats.Flagged;
    }

    private LoadProgress Progress(SourceDefinition source, LoadStats stats, WatermarkTracker tracker, long started) =>
        new(source.Name, stats.Read, stats.Indexed, stats.Deleted, stats.DeadLettered, stats.Flagged, tracker.Watermark.ToString(), time.GetElapsedTime(started));
}
