using System.Globalization;
using ControlPlane.Elastic;
using ControlPlane.Loading;

namespace ControlPlane.Bench;

/// <summary>
/// The lines <c>bench</c> prints about a run, ending with the one scripts compare:
/// <c>bench: loader R rows/s, raw read W rows/s, ratio X, peak RSS M MB, loader CPU C us/row</c>.
/// </summary>
public static class BenchReport
{
    /// <summary>The loader should keep up with at least this share of the raw read rate.</summary>
    public const double RatioTarget = 0.7;
    /// <summary>The loader process's CPU per row at 1M rows, user + system over the load (issue 12).</summary>
    public const double CpuTargetMicrosPerRow = 10;
    /// <summary>The run size the CPU target is set at (issue 12).</summary>
    public const long CpuTargetRows = 1_000_000;
    /// <summary>Peak resident memory of the loader process at 1M rows (and it must not grow with more rows).</summary>
    public const long PeakRssTargetMb = 256;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string RawRead(BenchResult r) => string.Create(C,
        $"bench: raw keyset read: {r.RawRows} rows in {r.RawElapsed.TotalSeconds:0.0} s = {r.RawRowsPerSecond:0} rows/s (MySqlConnector, the loader's query, {r.PageRows} rows a page)");

    public static string Loader(BenchResult r) => string.Create(C,
        $"bench: loader: {r.Load.Read} rows in {r.LoadElapsed.TotalSeconds:0.0} s = {r.LoaderRowsPerSecond:0} rows/s ({r.Load.Indexed} indexed, {r.Load.DeadLettered} dead-lettered, {r.Load.Flagged} flagged; {r.Concurrency} bulk senders, {r.PageRows} rows a page)");

    public static string Sink(BenchResult r) => string.Create(C,
        $"bench: sink received {r.Sink.Sales.LiveDocuments} sales and {r.Sink.Sales.Tombstones} tombstones ({r.Sink.Sales.IndexActions} index actions, {r.Sink.Sales.Repeats} repeated), {r.Sink.DeadLetters.Documents} dead letters ({r.Sink.DeadLetters.Repeats} repeated; the loader declared {r.Load.Rewrites} re-writes), {r.Sink.FraudSales.LiveDocuments} flagged sales, in {r.Sink.BulkRequests} bulk requests; sink process peak RSS {Mb(r.Sink.PeakRssMb)} MB");

    /// <summary>The fraud check's cost: its searches per page, what they returned, and its share of the loader's time.</summary>
    public static string Fraud(BenchResult r)
    {
        var pages = Math.Max(1, r.Pages);
        var searches = r.Sink.TotalSearches;
        return string.Create(C,
            $"bench: fraud check: {(double)searches / pages:0.00} search requests per page ({searches} over {r.Pages} pages: {r.Sink.SearchesOf(IndexNames.WeeklyAov)} weekly AOV, {r.Sink.SearchesOf(IndexNames.Sales)} earlier sales with {(double)r.Sink.HitsOf(IndexNames.Sales) / pages:0} hits a page, {r.Sink.SearchesOf(IndexNames.FraudSales)} flagged; {r.Sink.Refreshes} refreshes), " +
            $"busy {r.Stage(LoaderMetrics.Fraud):0.0} s = {Share(r.Stage(LoaderMetrics.Fraud), r.LoadElapsed):0} % of the loader's {r.LoadElapsed.TotalSeconds:0.0} s " +
            $"(weekly AOV {r.Stage(LoaderMetrics.FraudAov):0.0} s, earlier sales {r.Stage(LoaderMetrics.FraudSales):0.0} s started ahead, of which the check still waited {r.Stage(LoaderMetrics.FraudWait):0.0} s, refresh {r.Stage(LoaderMetrics.FraudRefresh):0.0} s)");
    }

    /// <summary>CPU time of the two processes during the load, against what the machine's cores could give.</summary>
    public static string Cpu(BenchResult r) => string.Create(C,
        $"bench: CPU during the load: loader process {r.LoaderCpuSeconds:0.0} s = {r.LoaderCpuMicrosPerRow:0.0} us/row, sink process {r.Sink.CpuSeconds:0.0} s = {r.SinkCpuMicrosPerRow:0.0} us/row (user + system over the load), of {Environment.ProcessorCount} cores × {r.LoadElapsed.TotalSeconds:0.0} s; MySQL and other work had the rest; " +
        $"the loader allocated {r.LoaderAllocatedBytes / Math.Max(1, r.Load.Read)} bytes a row ({r.LoaderAllocatedBytes / (1024 * 1024)} MB), {r.Collections.Gen0}/{r.Collections.Gen1}/{r.Collections.Gen2} collections of generation 0/1/2");

    /// <summary>Busy time per stage, the profile that says where a missed target comes from.</summary>
    public static string Stages(BenchResult r) => string.Create(C,
        $"bench: loader stages busy: read {r.Stage(LoaderMetrics.Read):0.0} s, map {r.Stage(LoaderMetrics.Map):0.0} s, fraud {r.Stage(LoaderMetrics.Fraud):0.0} s, bulk {r.Stage(LoaderMetrics.Bulk):0.0} s over {r.Concurrency} senders, of {r.LoadElapsed.TotalSeconds:0.0} s (stages overlap: each runs on its own)");

    public static string Memory(BenchResult r) => r.PeakResetProblem is null
        ? $"bench: peak RSS {Mb(r.PeakRssMb)} MB: VmHWM of the loader process, reset after generation (echo 5 > /proc/self/clear_refs), so it covers the raw read and the load; {r.GcCommittedMb} MB of it committed by the GC at the end; highest RSS sampled {r.HighestSample.RssMb} MB, during {r.HighestSample.Phase}, with {r.HighestSample.GcCommittedMb} MB committed by the GC; the sink runs in its own process"
        : $"bench: peak RSS {Mb(r.PeakRssMb)} MB: VmHWM of the loader process since it started, generation included ({r.PeakResetProblem})";

    /// <summary>A line per missed target, saying which and why; empty when every target is met.</summary>
    public static IReadOnlyList<string> MissedTargets(BenchResult r)
    {
        var missed = new List<string>();
        if (r.Ratio < RatioTarget)
        {
            // The stage with the largest share of the wall time bounds the pipeline (the senders share theirs).
            var (stage, busy) = new[]
            {
                (LoaderMetrics.Read, r.Stage(LoaderMetrics.Read) + r.Stage(LoaderMetrics.Map)),
                (LoaderMetrics.Fraud, r.Stage(LoaderMetrics.Fraud)),
                (LoaderMetrics.Bulk, r.Stage(LoaderMetrics.Bulk) / Math.Max(1, r.Concurrency)),
            }.MaxBy(s => s.Item2);
            var cores = Environment.ProcessorCount;
            missed.Add(string.Create(C,
                $"bench: target missed: ratio {r.Ratio:0.00} is below {RatioTarget:0.0}: the loader is bound by its {stage} stage, busy {Share(busy, r.LoadElapsed):0} % of the run, " +
                $"and CPU is short: the loader used {r.LoaderCpuSeconds:0.0} s and the sink {r.Sink.CpuSeconds:0.0} s of CPU in {r.LoadElapsed.TotalSeconds:0.0} s on {cores} cores shared with MySQL; " +
                $"reaching {RatioTarget:0.0} needs the load in {r.Load.Read / (RatioTarget * Math.Max(r.RawRowsPerSecond, 1)):0.0} s"));
        }
        if (r.LoaderCpuMicrosPerRow > CpuTargetMicrosPerRow)
        {
            var smallRun = r.Load.Read < CpuTargetRows
                ? string.Create(C, $"; the target is set at {CpuTargetRows} rows: on {r.Load.Read} the JIT compiling the loader's code weighs more a row")
                : "";
            missed.Add(string.Create(C,
                $"bench: target missed: loader CPU {r.LoaderCpuMicrosPerRow:0.0} us/row is above {CpuTargetMicrosPerRow:0} us/row: busiest stages fraud {r.Stage(LoaderMetrics.Fraud):0.0} s, bulk {r.Stage(LoaderMetrics.Bulk):0.0} s, read+map {r.Stage(LoaderMetrics.Read) + r.Stage(LoaderMetrics.Map):0.0} s; {r.LoaderAllocatedBytes / Math.Max(1, r.Load.Read)} bytes allocated a row{smallRun}"));
        }
        if (r.PeakRssMb is { } peak && peak > PeakRssTargetMb)
            missed.Add(string.Create(C,
                $"bench: target missed: peak RSS {peak} MB is above {PeakRssTargetMb} MB: at the highest RSS sampled ({r.HighestSample.RssMb} MB, during {r.HighestSample.Phase}) the GC had {r.HighestSample.GcCommittedMb} MB committed; " +
                $"the rest is native memory (runtime, JIT-compiled code, thread stacks, the driver's and the HTTP stack's buffers); {r.Collections.Gen2} full collections in the load"));
        if (r.PeakRssMb is null)
            missed.Add("bench: target unchecked: this system does not report the peak RSS (/proc/self/status VmHWM)");
        return missed;
    }

    public static string Summary(BenchResult r) =>
        string.Create(C, $"bench: loader {r.LoaderRowsPerSecond:0} rows/s, raw read {r.RawRowsPerSecond:0} rows/s, ratio {r.Ratio:0.00}, peak RSS {Mb(r.PeakRssMb)} MB, loader CPU {r.LoaderCpuMicrosPerRow:0.0} us/row") +
        (r.SeedDesign is { } seed ? string.Create(C, $", seed design {seed.RowsPerSecond:0} rows/s") : "");

    /// <summary>The seed design's peer: what it did, on how many rows, and how much faster the loader is.</summary>
    public static string SeedDesign(BenchResult r) => r.SeedDesign is not { } s ? "bench: seed design: not run" : string.Create(C,
        $"bench: seed design (row by row: a weekly-AOV search and a same-card-same-amount count per sale, bulk requests of {SeedDesignPeer.BulkDocuments}): " +
        $"{s.Rows} rows{(s.Sample ? $" (a sample: the first {s.Rows} of {r.Load.Read}, --seed-rows)" : "")} in {s.Elapsed.TotalSeconds:0.0} s = {s.RowsPerSecond:0} rows/s " +
        $"({s.Sales} sales, {s.DeadLetters} dead letters, {s.Flagged} flagged; {s.Searches} searches, {s.BulkRequests} bulk requests, into a fresh stand-in); the loader is {r.Speedup:0.0}x faster");

    private static double Share(double seconds, TimeSpan of) => of > TimeSpan.Zero ? 100 * seconds / of.TotalSeconds : 0;

    private static string Mb(long? mb) => mb?.ToString(C) ?? "unknown";
}
