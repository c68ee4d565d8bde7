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

/// <summary>Progress of a run, reported after every batch written.</summary>
public readonly record struct GenerationProgress(long RowsWritten, long RowsTotal, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? RowsWritten / Elapsed.TotalSeconds : 0;
    public double Fraction => RowsTotal > 0 ? (double)RowsWritten / RowsTotal : 1;
}

/// <summary>How rows reach MySQL.</summary>
public enum WritePath
{
    /// <summary><c>LOAD DATA LOCAL INFILE</c> through MySqlBulkLoader (needs AllowLoadLocalInfile=true and the server's local_infile).</summary>
    BulkLoad,
    /// <summary>Multi-row INSERT statements of literal values.</summary>
    MultiRowInsert,
}
