namespace ControlPlane.Api;

public enum DriftState { InSync, Drifted, Unknown }

/// <summary>Whether the live assets match the repository, as of <see cref="CheckedAt"/>: the pending plan lines, or why it is unknown.</summary>
public sealed record DriftStatus(DateTimeOffset CheckedAt, DriftState State, IReadOnlyList<string> Pending, IReadOnlyList<string> Sections, string? Reason);
