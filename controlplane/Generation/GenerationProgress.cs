namespace ControlPlane.Generation;

/// <summary>Progress of a run, reported after every batch written.</summary>
public readonly record struct GenerationProgress(long RowsWritten, long RowsTotal, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? RowsWritten / Elapsed.TotalSeconds : 0;
    public double Fraction => RowsTotal > 0 ? (double)RowsWritten / RowsTotal : 1;
}
