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
    ElasticsearchGateway es,
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

    /// <summary>
    /// One delta run (or, with <paramref name="backfill"/>, a backfill) of the source named <paramref name="name"/>, or of
    /// every source when it is null, one after another. A source that cannot be read fails alone: a broken definition file
    /// or a run that throws becomes that source's failed result (naming it and why), and the other sources still run.
    /// </summary>
    public async Task<IReadOnlyList<LoadResult>> RunEachAsync(string? name, (DateTime From, DateTime To)? backfill, IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        var kind = backfill is null ? Delta : Backfill;
        var results = new List<LoadResult>();
        IEnumerable<(string File, SourceDefinition? Source, string? Error)> sources = name is not null ? [(name, SourceCatalog.Get(root, name), null)] : SourceCatalog.LoadEach(root);
        if (name is null && !sources.Any()) throw new InvalidOperationException($"no source definitions under {root.Relative(root.Sources)}/ (elastic-assets/sources/*.yml)");
        foreach (var (file, source, error) in sources)
        {
            if (source is null)
            {
                logger.SourceUnreadable(kind, file, error!);
                results.Add(new LoadResult(Path.GetFileNameWithoutExtension(file), kind, LoadStatus.Failed, 0, 0, 0, 0, 0, TimeSpan.Zero, $"its definition cannot be read: {error}"));
                continue;
            }
            try
            {
                results.Add(backfill is { } range
                    ? await BackfillAsync(source, range.From, range.To, progress, ct).ConfigureAwait(false)
                    : await LoadAsync(source, progress, ct).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is RestException or InvalidOperationException or IOException or TimeoutException or AssetException
                or System.Data.Common.DbException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                // A failure before the run could start (its lease, its state) is this source's failure, not every source's.
                logger.SourceUnreadable(kind, source.Name, ex.Message);
                results.Add(new LoadResult(source.Name, kind, LoadStatus.Failed, 0, 0, 0, 0, 0, TimeSpan.Zero, ex.Message));
            }
        }
        return results;
    }

    /// <summary>The source named <paramref name="name"/>, or every source when it is null.</summary>
    public IReadOnlyList<SourceDefinition> Sources(string? name)
    {
        if (name is not null) return [SourceCatalog.Get(root, name)];
        var all = SourceCatalog.Load(root);
        if (all.Count == 0) throw new InvalidOperationException($"no source definitions under {root.Relative(root.Sources)}/ (elastic-assets/sources/*.yml)");
        return all;
    }

    /// <summary>Throws naming the setting when Elasticsearch is not configured.</summary>
    public void RequireElasticsearch()
    {
        if (!rest.Get(ConnectionOptionsSetup.Elasticsearch).IsConfigured)
            throw new InvalidOperationException("ES_URL is not set: the loader state lives in Elasticsearch (set ES_URL or pass --es-url).");
    }

    /// <summary>The settings every run needs, checked before anything is touched; each error names the setting.</summary>
    /// <summary>The <c>time_zone</c> the loader's MySQL sessions set (null: the server's); readers of the same rows use it too.</summary>
    public string? MySqlSessionTimeZone => _options.MySqlSessionTimeZone;

    public (string MySql, CardFingerprint Cards) RequireConfiguration()
    {
        if (!rest.Get(ConnectionOptionsSetup.Elasticsearch).IsConfigured)
            throw new InvalidOperationException("ES_URL is not set: the loader writes to Elasticsearch (set ES_URL or pass --es-url).");
        var mySql = controlPlane.Value.MySqlConnection;
        if (string.IsNullOrWhiteSpace(mySql))
            throw new InvalidOperationException("MYSQL_CONNECTION is not set: the loader reads the sources from MySQL (set MYSQL_CONNECTION or pass --mysql).");
        ChangeReader.CheckConnectionString(mySql);
        return (mySql, CardFingerprint.Create(controlPlane.Value.CardHmacKey, controlPlane.Value.CardHmacKeyId));
    }

    /// <summary>The key of a rotation under way (CARD_HMAC_PREVIOUS_KEY + _ID), or null.</summary>
    private CardFingerprint? PreviousCardKey()
    {
        var o = controlPlane.Value;
        if (string.IsNullOrWhiteSpace(o.CardHmacPreviousKey)) return null;
        if (string.IsNullOrWhiteSpace(o.CardHmacPreviousKeyId))
            throw new InvalidOperationException("CARD_HMAC_PREVIOUS_KEY is set without CARD_HMAC_PREVIOUS_KEY_ID: name the id the old key had (README, \"Rotating the card key\")");
        if (o.CardHmacPreviousKeyId == o.CardHmacKeyId)
            throw new InvalidOperationException($"CARD_HMAC_PREVIOUS_KEY_ID and CARD_HMAC_KEY_ID are both '{o.CardHmacKeyId}': the new key needs an id of its own");
        return CardFingerprint.Create(o.CardHmacPreviousKey, o.CardHmacPreviousKeyId);
    }

    private async Task<LoadResult> RunAsync(SourceDefinition source, string kind, DateTime? soldFrom, DateTime? soldTo, IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        var (mySql, cards) = RequireConfiguration();
        var previousCards = PreviousCardKey();
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
                if (CardKeyGuard.Refusal(source.Name, initial, cards, previousCards) is { } refusal) throw new InvalidOperationException(refusal);
                if (initial.CardKeyId != cards.KeyId || initial.CardKeyCheck != cards.KeyCheck)
                    await lease.UpdateAsync(s => (s.CardKeyId, s.CardKeyCheck) = (cards.KeyId, cards.KeyCheck), run.Token).ConfigureAwait(false);
                await LoadPagesAsync(source, kind, soldFrom, soldTo, mySql, cards, rules, lease, initial, tracker, stats, started, progress, run.Token).ConfigureAwait(false);
                // Every row read must be in exactly one place; a run that cannot show that does not succeed.
                var accounted = stats.Indexed + stats.Deleted + stats.DeadLettered;
                if (accounted != stats.Read)
                    throw new InvalidOperationException($"source {source.Name}: {stats.Read - accounted} of {stats.Read} rows read were neither indexed, deleted nor dead-lettered");
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
            // A cancelled request can surface as the transport's own exception: the caller's token decides.
            _ when ct.IsCancellationRequested => "cancelled",
            _ => error.Message,
        };
        await SaveFinalStateAsync(source, kind, lease, tracker, stats, error is null, message).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started);
        if (stats.WroteSales && !ct.IsCancellationRequested) await transforms.ScheduleNowAsync(ct).ConfigureAwait(false);

        var status = error is null ? LoadStatus.Succeeded : LoadStatus.Failed;
        logger.RunFinished(kind, source.Name, status == LoadStatus.Succeeded ? "succeeded" : "failed", elapsed.TotalSeconds,
            stats.Read, stats.Indexed, stats.Deleted, stats.DeadLettered, stats.Flagged, stats.Unflagged, tracker.Watermark.ToString());
        if (error is not null && !ct.IsCancellationRequested) logger.RunFailed(kind, source.Name, message!, error);
        if (error is not null && ct.IsCancellationRequested) throw new OperationCanceledException($"{kind} of source {source.Name} cancelled", error, ct);
        return new LoadResult(source.Name, kind, status, stats.Read, stats.Indexed, stats.Deleted, stats.DeadLettered, stats.Flagged, elapsed, message, stats.Unflagged, stats.Rewrites)
        {
            Changes = new LoadChanges(stats.New, stats.Updated, stats.Unchanged),
        };
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
                s.LastRunSalesNew = s.LastRunSalesUpdated = s.LastRunSalesUnchanged = 0;
            }, ct).ConfigureAwait(false);
        }

        var retries = RetryBudget.For(_options, time);
        await using var connection = new ReaderConnection(await ChangeReader.OpenAsync(mySql, ct, _options.MySqlSessionTimeZone).ConfigureAwait(false), mySql, _options.MySqlSessionTimeZone, retries, time,
            (reason, attempt, delay) => logger.ReaderRetrying(source.Name, attempt, delay.TotalMilliseconds, reason));
        // Rows newer than the database's clock minus the lag may still be in uncommitted transactions: leave them to the next run.
        var clock = await connection.RunAsync((c, t) => ChangeReader.ReadClockAsync(c, source, t), $"source {source.Name}: reading the database clock", ct).ConfigureAwait(false);
        var lag = source.ChangeCapture.LagDuration;
        var upper = clock.Now - lag;
        var window = kind == Delta
            ? new ChangeWindow(initial.Watermark is { } w ? new ChangeKey(w.UpdatedAt - source.ChangeCapture.OverlapDuration, long.MinValue) : ChangeKey.Start, upper) { Clock = clock }
            : new ChangeWindow(ChangeKey.Start, upper, soldFrom, soldTo) { Clock = clock };
        logger.RunStarted(kind, source.Name, window.After == ChangeKey.Start ? "the beginning" : window.After.ToString(),
            (clock.NowInstant - lag).ToString("O", System.Globalization.CultureInfo.InvariantCulture), clock.Describe());

        // The weekly AOV the run checks against: a stale one is a warning on the run, and flagged sales record its checkpoint.
        var aov = await AovFreshness.ReadAsync(es, time, _options.AovMaxAge, ct).ConfigureAwait(false);
        if (aov.Stale is { } stale) logger.AovStale(source.Name, kind, stale);
        if (kind == Delta)
            await lease.UpdateAsync(s => { s.LastRunAovCheckpointAt = aov.CheckpointAt; s.LastRunWarning = aov.Stale is null ? null : "stale weekly AOV: " + aov.Stale; }, ct).ConfigureAwait(false);

        var fraud = new FraudCheckStage(rules, lookups, tracker.IsFinished, _options.FraudRefreshEveryPages, zone, time, source.Name, logger);
        var sender = new BulkSender(es, source, retries, new BulkThrottle(_options.BulkConcurrency), time, logger)
        {
            AovCheckpointAt = aov.CheckpointAt, StartingWatermark = kind == Delta ? initial.Watermark : null,
        };
        var pipeline = new LoadPipeline(reader, new SaleMapper(source, cards, PreviousCardKey()), fraud, sender, tracker, stats, _options);

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
        // Bounded, and retried through a short outage: a state left unwritten keeps the lease until it expires.
        var bound = TimeSpan.FromSeconds(30);
        using var timeout = new CancellationTokenSource(bound);
        var retries = new RetryBudget(time, _options.RetryBaseDelay, _options.RetryMaxDelay, time.GetUtcNow() + bound, bound);
        for (var attempt = 1; ; attempt++)
        {
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
                return;
            }
            catch (Exception ex) when (TransientFailure.IsTransient(ex) && !timeout.IsCancellationRequested)
            {
                try
                {
                    var delay = retries.NextDelay(attempt, $"source {source.Name}: writing the final run state", ex.Message);
                    if (delay > TimeSpan.Zero) await Task.Delay(delay, time, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception stop) when (stop is RunDeadlineExceededException or OperationCanceledException)
                {
                    logger.FinalStateFailed(source.Name, ex.Message, ex);
                    return;
                }
            }
            catch (Exception ex) when (ex is RestException or InvalidOperationException or OperationCanceledException)
            {
                logger.FinalStateFailed(source.Name, ex.Message, ex);
                return;
            }
        }
    }

    private static void CopyRunFigures(LoaderState s, LoadStats stats)
    {
        s.LastRunRowsRead = stats.Read;
        s.LastRunRowsIndexed = stats.Indexed;
        s.LastRunRowsDeleted = stats.Deleted;
        s.LastRunRowsDeadlettered = stats.DeadLettered;
        s.LastRunRowsFlagged = stats.Flagged;
        s.LastRunSalesNew = stats.New;
        s.LastRunSalesUpdated = stats.Updated;
        s.LastRunSalesUnchanged = stats.Unchanged;
    }

    private LoadProgress Progress(SourceDefinition source, LoadStats stats, WatermarkTracker tracker, long started) =>
        new(source.Name, stats.Read, stats.Indexed, stats.Deleted, stats.DeadLettered, stats.Flagged, tracker.Watermark.ToString(), time.GetElapsedTime(started));
}
