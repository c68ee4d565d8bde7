using ControlPlane.Loading;

namespace ControlPlane.Bench;

/// <summary>The figures of one bench run: both reads, the loader's own result, where its time went, memory, and what the sink got.</summary>
public sealed record BenchResult(
    long RawRows,
    TimeSpan RawElapsed,
    LoadResult Load,
    TimeSpan LoadElapsed,
    int PageRows,
    int Concurrency,
    IReadOnlyDictionary<string, double> StageSeconds,
    double LoaderCpuSeconds,
    long LoaderAllocatedBytes,
    (int Gen0, int Gen1, int Gen2) Collections,
    long? PeakRssMb,
    long GcCommittedMb,
    string? PeakResetProblem,
    SinkStats Sink)
{
    /// <summary>The seed design's peer on the same rows (or a sample of them), into a fresh stand-in. Null when it did not run.</summary>
    public SeedDesignResult? SeedDesign { get; init; }
    /// <summary>The highest RSS sampled during the raw read and the load, the GC's committed bytes then, and the phase.</summary>
    public (long RssMb, long GcCommittedMb, string Phase) HighestSample { get; init; }
    /// <summary>How many times the loader's rows/s the seed design's.</summary>
    public double? Speedup => SeedDesign is { RowsPerSecond: > 0 } s ? LoaderRowsPerSecond / s.RowsPerSecond : null;

    public double RawRowsPerSecond => RawRows / Math.Max(RawElapsed.TotalSeconds, 1e-9);
    public double LoaderRowsPerSecond => Load.Read / Math.Max(LoadElapsed.TotalSeconds, 1e-9);
    public double Ratio => RawRowsPerSecond > 0 ? LoaderRowsPerSecond / RawRowsPerSecond : 0;
    /// <summary>Pages the loader read: full pages of <see cref="PageRows"/> and a last, shorter one.</summary>
    public long Pages => (Load.Read + PageRows - 1) / PageRows;
    public double Stage(string stage) => StageSeconds.GetValueOrDefault(stage);
    /// <summary>The loader process's CPU (user + system) per row read, over the load only, in microseconds.</summary>
    public double LoaderCpuMicrosPerRow => LoaderCpuSeconds * 1e6 / Math.Max(1, Load.Read);
    /// <summary>The stand-in's CPU per row over the same load, in microseconds.</summary>
    public double SinkCpuMicrosPerRow => Sink.CpuSeconds * 1e6 / Math.Max(1, Load.Read);
}
