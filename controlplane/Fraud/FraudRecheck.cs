namespace ControlPlane.Fraud;

/// <summary>
/// An already written sale whose verdict the page changes: <see cref="Verdict"/> is its new verdict (null: it must be
/// un-flagged), <see cref="Sale"/> its written version (its <c>Flagged</c> is the old state).
/// </summary>
public sealed record FraudRecheck(FraudCandidate Sale, FraudVerdict? Verdict);
