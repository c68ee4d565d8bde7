namespace ControlPlane.Generation;

/// <summary>What a generation run wrote: rows per source, planted fraud, bad rows, time.</summary>
public sealed record GenerationSummary(
    IReadOnlyList<SourceGenerationSummary> Sources,
    long PlantedFraudRows,
    long PlantedFraudCases,
    long UnplacedFraudCases,
    long BadRows,
    WritePath WritePath,
    int Connections,
    TimeSpan Elapsed)
{
    public long Rows => Sources.Sum(s => s.Rows);
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Rows / Elapsed.TotalSeconds : 0;
}

/// <summary>One source's share of a run. <see cref="FirstId"/>..<see cref="LastId"/> are the keys written (none when Rows is 0).</summary>
public sealed record SourceGenerationSummary(
    string Source,
    string Table,
    long Rows,
    long FirstId,
    long LastId,
    int Stores,
    DateOnly FirstDay,
    DateOnly LastDay,
    long PlantedFraudRows,
    long BadRows);
