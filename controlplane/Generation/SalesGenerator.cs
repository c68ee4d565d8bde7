using System.Globalization;
using ControlPlane.Assets;
using ControlPlane.Sources;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace ControlPlane.Generation;

/// <summary>
/// Fills every source table (elastic-assets/sources/*.yml) with synthetic card sales, plants the seed's fraud pattern
/// and some bad rows, and labels both. In steps: create tables → draw the world → (dry run for the stores' AOV → place
/// fraud) → number the keys → write partitions in parallel. Deterministic for a seed and options.
/// </summary>
public sealed class SalesGenerator(AssetRoot root, TimeProvider time, ILogger<SalesGenerator> logger)
{
    /// <summary>The entry point for <c>bench</c>: the common options, the rest at their defaults.</summary>
    public Task<GenerationSummary> GenerateAsync(string connectionString, long rows, int seed, int days, int stores, double fraudRate,
        Action<GenerationProgress>? progress, CancellationToken ct) =>
        GenerateAsync(connectionString, new GenerationRequest { Rows = rows, Seed = seed, Days = days, Stores = stores, FraudRate = fraudRate }, progress, ct);

    /// <summary>Generates as asked; <paramref name="progress"/> is called (one call at a time) after every batch written.</summary>
    public async Task<GenerationSummary> GenerateAsync(string connectionString, GenerationRequest request, Action<GenerationProgress>? progress, CancellationToken ct)
    {
        request.Validate();
        var sources = SelectSources(request);
        if (request.Stores < sources.Count)
            throw new ArgumentException($"--stores must be at least the number of sources filled ({sources.Count}: each source needs a store), not {request.Stores}");
        var path = RequestedPath(connectionString);
        var started = time.GetTimestamp();

        var (firstIds, lastFraudCase, localInfile) = await PrepareDatabaseAsync(connectionString, sources, ct).ConfigureAwait(false);
        if (path == WritePath.BulkLoad && !localInfile)
        {
            logger.LocalInfileDisabledOnServer();
            path = WritePath.MultiRowInsert;
        }

        var (world, partitions, fraud) = Plan(request, sources, firstIds, lastFraudCase, ct);
        var total = partitions.Sum(p => (long)p.TotalRows);
        logger.GenerationStarting(total, string.Join(", ", sources.Select(s => s.Name)), request.Seed, request.Days, request.Stores,
            request.FraudRate, request.BadRate, path, request.Connections);
        if (fraud.Cases > 0) logger.FraudPlanted(fraud.Cases, fraud.Sales.Count);

        var writtenSoFar = 0L;
        var progressLock = new Lock();
        void Written(int rows)
        {
            var now = Interlocked.Add(ref writtenSoFar, rows);
            if (progress is null) return;
            lock (progressLock) progress(new GenerationProgress(now, total, time.GetElapsedTime(started)));
        }
        ISaleRowWriter writer = path == WritePath.BulkLoad ? new BulkLoadWriter() : new MultiRowInsertWriter();
        var counts = await new ParallelPartitionWriter(world, writer, time, logger)
            .RunAsync(connectionString, partitions, request.Connections, Written, ct).ConfigureAwait(false);

        var elapsed = time.GetElapsedTime(started);
        var summary = new GenerationSummary(
            world.Sources.Select(s => new SourceGenerationSummary(
                s.Name, s.Definition.Table, counts.Rows[s.Index], s.FirstId, s.FirstId + counts.Rows[s.Index] - 1, s.Stores.Length,
                s.FirstDay, s.LastDay, counts.PlantedFraud[s.Index], counts.Bad[s.Index])).ToList(),
            counts.PlantedFraud.Sum(), fraud.Cases, fraud.Unplaced, counts.Bad.Sum(), path, request.Connections, elapsed);
        logger.GenerationFinished(summary.Rows, elapsed.TotalSeconds, summary.RowsPerSecond);
        return summary;
    }

    /// <summary>
    /// Everything decided before a row is written: the world, the fraud cases (sized first, so each source's regular
    /// rows are known; placed after a dry run measured the stores' AOV), and each partition's keys.
    /// </summary>
    private (SalesWorld World, List<Partition> Partitions, FraudPlacement Fraud) Plan(
        GenerationRequest request, List<SourceDefinition> sources, long[] firstIds, long lastFraudCase, CancellationToken ct)
    {
        var lastDays = sources.Select(s => request.End ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), s.TimeZoneInfo).DateTime)).ToArray();
        var world = SalesWorld.Create(request, sources, lastDays, firstIds);
        var skeleton = FraudPlanter.Skeleton(world, request.FraudRate, request.Rows);
        var regularRows = world.Sources.Select(s => s.Rows - skeleton.Where(c => c.Source == s.Index).Sum(c => (long)c.Size)).ToArray();
        var partitions = PartitionPlanner.Create(world, regularRows);
        var fraud = skeleton.Count == 0
            ? FraudPlacement.None
            : FraudPlanter.Place(world, skeleton, StoreDayTotals.Compute(world, partitions, ct), lastFraudCase, logger, ct);
        PartitionPlanner.AssignKeys(world, partitions, fraud.Sales);
        return (world, partitions, fraud);
    }

    private List<SourceDefinition> SelectSources(GenerationRequest request)
    {
        var all = SourceCatalog.Load(root);
        if (all.Count == 0)
            throw new ArgumentException($"no source definitions under {root.Sources}: generate fills the tables they declare (use --root to point at the repository)");
        var unknown = request.Sources.Where(n => all.All(s => s.Name != n)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown source '{string.Join("', '", unknown)}' (--source); known under {root.Relative(root.Sources)}/: {string.Join(", ", all.Select(s => s.Name))}");
        return request.Sources.Count == 0 ? all.ToList() : all.Where(s => request.Sources.Contains(s.Name)).ToList();
    }

    private static WritePath RequestedPath(string connectionString)
    {
        try
        {
            return new MySqlConnectionStringBuilder(connectionString).AllowLoadLocalInfile ? WritePath.BulkLoad : WritePath.MultiRowInsert;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new ArgumentException($"the MySQL connection string (MYSQL_CONNECTION or --mysql) is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Creates missing source and label tables; returns each source's first free key, the last fraud case number and
    /// whether the server takes LOAD DATA LOCAL.
    /// </summary>
    private async Task<(long[] FirstIds, long LastFraudCase, bool LocalInfile)> PrepareDatabaseAsync(string connectionString, List<SourceDefinition> sources, CancellationToken ct)
    {
        await using var connection = await GenerationSession.OpenAsync(connectionString, ct).ConfigureAwait(false);
        var firstIds = new long[sources.Count];
        for (var i = 0; i < sources.Count; i++) firstIds[i] = await PrepareSourceTableAsync(connection, sources[i], ct).ConfigureAwait(false) + 1;
        try
        {
            foreach (var ddl in LabelTables.Ddl) await GenerationSession.ExecuteAsync(connection, ddl, ct).ConfigureAwait(false);
            var lastCase = await GenerationSession.ScalarAsync(connection, $"SELECT COALESCE(MAX(fraud_case), 0) FROM {LabelTables.PlantedFraud}", ct).ConfigureAwait(false);
            return (firstIds, Convert.ToInt64(lastCase ?? 0L, CultureInfo.InvariantCulture), await ServerAllowsLocalInfileAsync(connection, ct).ConfigureAwait(false));
        }
        catch (MySqlException ex)
        {
            throw new InvalidOperationException(
                $"preparing the label tables {LabelTables.PlantedFraud} and {LabelTables.PlantedBadRows} at {GenerationSession.Describe(connectionString)} failed: {ex.Message}", ex);
        }
    }

    /// <summary>Creates the source's table from its ddl when missing; returns its largest key (0 when empty).</summary>
    private async Task<long> PrepareSourceTableAsync(MySqlConnection connection, SourceDefinition source, CancellationToken ct)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(source.Ddl))
            {
                await GenerationSession.ExecuteAsync(connection, source.Ddl, ct).ConfigureAwait(false);
                logger.SourceTableReady(source.Table, source.Name);
            }
            var max = await GenerationSession.ScalarAsync(connection,
                $"SELECT COALESCE(MAX({SqlText.Identifier(source.Columns.Id)}), 0) FROM {SqlText.Identifier(source.Table)}", ct).ConfigureAwait(false);
            return Convert.ToInt64(max ?? 0L, CultureInfo.InvariantCulture);
        }
        catch (MySqlException ex)
        {
            var hint = string.IsNullOrWhiteSpace(source.Ddl) ? " (the source has no ddl to create it)" : "";
            throw new InvalidOperationException($"preparing table {source.Table} of source {source.Name} ({source.File}) failed{hint}: {ex.Message}", ex);
        }
    }

    private static async Task<bool> ServerAllowsLocalInfileAsync(MySqlConnection connection, CancellationToken ct)
    {
        var value = await GenerationSession.ScalarAsync(connection, "SELECT @@GLOBAL.local_infile", ct).ConfigureAwait(false);
        return value?.ToString() is "1" or "ON";
    }
}
