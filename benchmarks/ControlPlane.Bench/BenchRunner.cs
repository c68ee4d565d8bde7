using ControlPlane.Generation;
using System.Globalization;
using ControlPlane.Assets;
using ControlPlane.Configuration;
using ControlPlane.Loading;
using ControlPlane.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Bench;

/// <summary>
/// One bench run, in order: the bench database and its rows (generated, or reused with <c>--reuse</c>); the peak RSS
/// reset; the raw keyset read of the table; the loader end to end (read, map, fingerprint, fraud check, NDJSON, HTTP)
/// into the sink, a child process that answers like Elasticsearch; then the figures, the checks that the sink got every
/// row exactly once, and the targets. Everything is printed to <c>output</c> as it happens.
/// </summary>
public sealed class BenchRunner(
    SalesGenerator generator,
    AssetRoot root,
    IConfiguration configuration,
    IOptions<ControlPlaneOptions> controlPlane,
    IOptions<LoaderOptions> loaderOptions,
    TimeProvider time,
    SeedDesignPeer seedDesign,
    ILogger<BenchRunner> logger)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly string[] Stages =
    [
        LoaderMetrics.Read, LoaderMetrics.Map, LoaderMetrics.Fraud, LoaderMetrics.Bulk,
        LoaderMetrics.FraudAov, LoaderMetrics.FraudWait, LoaderMetrics.FraudSales, LoaderMetrics.FraudRefresh,
    ];

    public async Task<BenchResult> RunAsync(BenchOptions options, TextWriter output, CancellationToken ct)
    {
        options.Validate();
        var server = controlPlane.Value.MySqlConnection;
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException("MYSQL_CONNECTION is not set: bench creates its database on that server (set MYSQL_CONNECTION or pass --mysql)");
        _ = CardFingerprint.Create(controlPlane.Value.CardHmacKey); // the loader needs it: say so before anything is generated
        var source = Source(options);
        var loader = loaderOptions.Value.Clamped();
        var concurrency = options.Concurrency ?? loader.BulkConcurrency;
        var pageRows = source.ChangeCapture.PageRows;
        logger.BenchStarting(source.Name, options.Database, options.Rows, pageRows, concurrency);

        var database = await BenchDatabase.PrepareAsync(server, options.Database, ct).ConfigureAwait(false);
        output.WriteLine($"bench: database `{options.Database}` on {ChangeReader.Describe(database)}, source {source.Name} (table {source.Table})");
        var rows = await PrepareRowsAsync(options, source, database, output, ct).ConfigureAwait(false);

        var resetProblem = ProcessMemory.CollectAndResetPeak();
        output.WriteLine(resetProblem is null
            ? string.Create(C, $"bench: peak RSS counts from here (reset after generation; RSS now {ProcessMemory.RssMb()} MB)")
            : $"bench: could not reset the peak RSS after generation, it includes generation: {resetProblem}");

        var (referenceCpuMs, referenceWallMs) = MachineReference.Measure();
        output.WriteLine(string.Create(C, $"bench: machine reference: {MachineReference.Fingerprints} card fingerprints in {referenceCpuMs:0} ms of CPU ({referenceWallMs:0} ms wall); the same work every run, so two runs' CPU figures compare through it"));

        var memory = new MemorySampler();
        memory.Enter("the raw read");
        var (rawRows, rawElapsed) = await RawReadAsync(source, database, rows, loader.MySqlCommandTimeoutSeconds, output, ct).ConfigureAwait(false);
        output.WriteLine(string.Create(C,
            $"bench: raw keyset read: {rawRows} rows in {rawElapsed.TotalSeconds:0.0} s = {rawRows / Math.Max(rawElapsed.TotalSeconds, 1e-9):0} rows/s (MySqlConnector, the loader's query, {pageRows} rows a page)"));

        await using var sink = await SinkProcess.StartAsync(ct).ConfigureAwait(false);
        logger.SinkStarted(sink.Url, sink.ProcessId);
        output.WriteLine($"bench: sink listening on {sink.Url} (child process {sink.ProcessId.ToString(C)}: its memory is not counted)");

        // The sink's CPU before the load (its start-up), so its figure covers the load only, like the loader's.
        var sinkCpuBefore = (await sink.StatsAsync(ct).ConfigureAwait(false)).CpuSeconds;
        LoadResult load;
        TimeSpan loadElapsed;
        Dictionary<string, double> stageSeconds;
        double loaderCpu;
        long loaderAllocated;
        (int, int, int) collections;
        await using (var services = LoaderServices(sink.Url, database, concurrency))
        {
            var loads = services.GetRequiredService<LoadService>();
            using var largeObjects = new LargeObjectProfile();
            using var stages = new StageTimes();
            memory.Enter("the load");
            var started = time.GetTimestamp();
            var cpu = ProcessMemory.CpuSeconds();
            var allocated = GC.GetTotalAllocatedBytes();
            int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
            load = await loads.LoadAsync(source, new LineProgress(output), ct).ConfigureAwait(false);
            loadElapsed = time.GetElapsedTime(started);
            loaderCpu = ProcessMemory.CpuSeconds() - cpu;
            loaderAllocated = GC.GetTotalAllocatedBytes() - allocated;
            collections = (GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
            stageSeconds = Stages.ToDictionary(s => s, stages.Seconds);
            foreach (var line in largeObjects.Report()) output.WriteLine(line);
        }
        await memory.DisposeAsync().ConfigureAwait(false);
        var peak = ProcessMemory.PeakRssMb();
        var gcCommittedMb = GC.GetGCMemoryInfo().TotalCommittedBytes / (1024 * 1024);
        if (load.Status != LoadStatus.Succeeded)
            throw new InvalidOperationException($"the loader run into the sink {load.Status.ToString().ToLowerInvariant()}: {load.Message} (the sink at {sink.Url}: {sink.Describe()})");
        var stats = await sink.StatsAsync(ct).ConfigureAwait(false);
        stats.CpuSeconds -= sinkCpuBefore;

        var result = new BenchResult(rawRows, rawElapsed, load, loadElapsed, pageRows, concurrency, stageSeconds, loaderCpu, loaderAllocated, collections, peak, gcCommittedMb, resetProblem, stats)
        {
            HighestSample = memory.Highest,
        };
        ExactlyOnceCheck.ThrowIfAny(result);
        result = result with { SeedDesign = await SeedDesignAsync(source, database, Math.Min(options.SeedRows, load.Read), output, ct).ConfigureAwait(false) };
        output.WriteLine(BenchReport.Loader(result));
        output.WriteLine(BenchReport.Sink(result));
        output.WriteLine(BenchReport.Fraud(result));
        output.WriteLine(BenchReport.Stages(result));
        output.WriteLine(BenchReport.SeedDesign(result));
        output.WriteLine(BenchReport.Cpu(result));
        output.WriteLine(BenchReport.Memory(result));
        foreach (var line in BenchReport.MissedTargets(result)) output.WriteLine(line);
        logger.BenchFinished(result.LoaderRowsPerSecond, result.RawRowsPerSecond, result.PeakRssMb);
        output.WriteLine(BenchReport.Summary(result));
        return result;
    }

    /// <summary>
    /// The seed design's peer, after the loader's figures and checks are taken (its memory and CPU are not the loader's),
    /// into a sink process of its own: a fresh index state, so nothing it writes meets what the loader wrote.
    /// </summary>
    private async Task<SeedDesignResult> SeedDesignAsync(SourceDefinition source, string database, long rows, TextWriter output, CancellationToken ct)
    {
        await using var sink = await SinkProcess.StartAsync(ct).ConfigureAwait(false);
        output.WriteLine(string.Create(C, $"bench: seed design: {rows} rows row by row into a fresh sink on {sink.Url}"));
        var cards = CardFingerprint.Create(controlPlane.Value.CardHmacKey);
        return await seedDesign.RunAsync(source, database, cards, sink.Url, rows, ct).ConfigureAwait(false);
    }

    /// <summary>The bench source from the repository, read without lag (generated rows are seconds old) and with the page size asked for.</summary>
    private SourceDefinition Source(BenchOptions options)
    {
        var source = SourceCatalog.Get(root, BenchOptions.SourceName);
        source.ChangeCapture.Lag = "0s";
        if (options.PageRows is { } pageRows) source.ChangeCapture.PageRows = pageRows;
        return source;
    }

    /// <summary>Reuses the table when asked and big enough; otherwise drops it and generates the rows afresh. Returns the rows in it.</summary>
    private async Task<long> PrepareRowsAsync(BenchOptions options, SourceDefinition source, string database, TextWriter output, CancellationToken ct)
    {
        await using (var connection = await ChangeReader.OpenAsync(database, ct).ConfigureAwait(false))
        {
            var existing = await BenchDatabase.CountRowsAsync(connection, source, ct).ConfigureAwait(false);
            if (options.Reuse && existing >= options.Rows)
            {
                output.WriteLine(string.Create(C, $"bench: reusing the {existing} rows of table {source.Table} (--reuse, at least {options.Rows} asked): all of them are read and loaded"));
                return existing;
            }
            if (options.Reuse) output.WriteLine(string.Create(C, $"bench: table {source.Table} holds {existing} rows, fewer than {options.Rows}: generating afresh"));
            await BenchDatabase.ClearAsync(connection, source, ct).ConfigureAwait(false);
        }
        var request = new GenerationRequest { Rows = options.Rows, Seed = options.Seed, Sources = [source.Name] };
        var summary = await GenerationConsole.RunAsync(output, terminal: false,
            progress => generator.GenerateAsync(database, request, progress, ct)).ConfigureAwait(false);
        GenerationConsole.WriteSummary(output, summary);
        return summary.Rows;
    }

    private async Task<(long Rows, TimeSpan Elapsed)> RawReadAsync(SourceDefinition source, string database, long expected, int timeoutSeconds, TextWriter output, CancellationToken ct)
    {
        await using var connection = await ChangeReader.OpenAsync(database, ct).ConfigureAwait(false);
        var upper = (await ChangeReader.ReadClockAsync(connection, source, ct).ConfigureAwait(false)).Now;
        var lastTenth = 0L;
        var started = time.GetTimestamp();
        var rows = await new RawKeysetReader(timeoutSeconds).ReadAsync(connection, source, upper, total =>
        {
            // One line per 10 % so a log of a long run stays short.
            var tenth = expected > 0 ? total * 10 / expected : 10;
            if (tenth <= lastTenth || tenth >= 10) return;
            lastTenth = tenth;
            output.WriteLine(string.Create(C, $"bench: raw read {total}/{expected} rows ({tenth * 10}%), {total / Math.Max(time.GetElapsedTime(started).TotalSeconds, 1e-9):0} rows/s"));
        }, ct).ConfigureAwait(false);
        return (rows, time.GetElapsedTime(started));
    }

    /// <summary>
    /// The loader wired as every command wires it (<see cref="ServiceCollectionExtensions.AddControlPlane"/>), pointed at
    /// the sink and the bench database. Its logs go to stderr, errors only: the output stays the bench's own lines.
    /// </summary>
    private ServiceProvider LoaderServices(Uri sink, string database, int concurrency)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ES_URL"] = sink.ToString(),
            // The sink is plain HTTP without auth: a real cluster's credentials and CA stay out of it.
            ["ES_API_KEY"] = "", ["ES_API_KEY_FILE"] = "", ["ES_USERNAME"] = "", ["ES_PASSWORD"] = "", ["ES_PASSWORD_FILE"] = "", ["ES_CA_CERT"] = "",
            ["MYSQL_CONNECTION"] = database, ["MYSQL_CONNECTION_FILE"] = "",
            [$"{LoaderOptions.Section}:{nameof(LoaderOptions.BulkConcurrency)}"] = concurrency.ToString(C),
            [$"{LoaderOptions.Section}:{nameof(LoaderOptions.Owner)}"] = "bench",
        };
        var config = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Error));
        services.AddControlPlane(config);
        return services.BuildServiceProvider();
    }

    /// <summary>The loader's progress lines as they come, prefixed so they read as the bench's.</summary>
    private sealed class LineProgress(TextWriter output) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value) => output.WriteLine($"bench: loader {value}");
    }
}
