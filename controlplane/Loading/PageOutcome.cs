namespace ControlPlane.Loading;

/// <summary>What became of a page's rows once it was sent: every row is exactly one of these.</summary>
public sealed record PageOutcome(long Sequence, ChangeKey LastKey, int Indexed, int Flagged, int Deleted, int DeadLettered);
