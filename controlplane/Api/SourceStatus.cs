using ControlPlane.Elastic;

namespace ControlPlane.Api;

/// <summary>One source on the status page: its definition and what the loader's state document says about it.</summary>
public sealed record SourceStatus(
    string Name, string? Table, string? Schedule, bool HasState,
    string? LastRunStatus, DateTimeOffset? LastRunStartedAt, DateTimeOffset? LastRunFinishedAt, string? LastError,
    DateTimeOffset? Watermark, TimeSpan? Lag,
    long? RunRowsIndexed, long? RunRowsDeadLettered, long? RunRowsFlagged,
    long? TotalRowsIndexed, long? TotalRowsDeadLettered, long? TotalRowsFlagged)
{
    /// <summary>The source's distinct documents in the indices now (<c>_count</c>); null when they could not be counted.</summary>
    public SourceDocumentCounts? Documents { get; init; }

    /// <summary>What the last run's indexed rows changed (docs/design.md "Counts"); null when the state predates these fields.</summary>
    public (long New, long Updated, long Unchanged)? RunChanges { get; init; }
}

/// <summary>Everything the status page shows, as of <see cref="Now"/>; the <c>*Error</c> fields say why a part is unknown.</summary>
public sealed record StatusReport(
    DateTimeOffset Now, IReadOnlyList<SourceStatus> Sources, string? SourcesError, string? StateError, DriftStatus Drift,
    Reconciliation.ReconcileRun? Reconcile = null)
{
    /// <summary>The AOV transforms' health; empty with <see cref="TransformsError"/> when it could not be read.</summary>
    public IReadOnlyList<TransformHealth> Transforms { get; init; } = [];
    public string? TransformsError { get; init; }
}
