namespace ControlPlane.Fraud;

/// <summary>Why a sale was flagged: the rule (and its version), the numbers it compared and sentences saying so.</summary>
public sealed record FraudVerdict(FraudRule Rule, double WeeklyAov, int RepeatCount, IReadOnlyList<string> Reasons);
