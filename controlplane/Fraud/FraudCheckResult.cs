namespace ControlPlane.Fraud;

/// <summary>The check of one page: a verdict per page sale (null: not flagged) and the written sales whose verdict it changes.</summary>
public sealed record FraudCheckResult(FraudVerdict?[] Verdicts, IReadOnlyList<FraudRecheck> Rechecks);
