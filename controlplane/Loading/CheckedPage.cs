using ControlPlane.Fraud;

namespace ControlPlane.Loading;

/// <summary>A page after mapping (stage 2): its rows in key order, ready for the fraud check.</summary>
public sealed record MappedPage(long Sequence, ChangeKey LastKey, IReadOnlyList<MappedRow> Rows);

/// <summary>A row after the fraud check: the verdict (sales only) and whether a stale fraud document must go.</summary>
public sealed record CheckedRow(MappedRow Row, FraudVerdict? Verdict, bool RemoveFraudDocument);

/// <summary>A page after the fraud check (stage 3), ready for the bulk senders.</summary>
public sealed record CheckedPage(long Sequence, ChangeKey LastKey, IReadOnlyList<CheckedRow> Rows, DateTimeOffset CheckedAt);
