namespace ControlPlane.Fraud;

/// <summary>
/// A payment as the payment check sees it: its text fields for field and alert rules, and — when it carries a store and a
/// card — the candidate the AOV rules check (null otherwise: those rules cannot apply).
/// </summary>
public sealed record PaymentToCheck(PaymentFields Fields, FraudCandidate? AovCandidate);

/// <summary>The outcome for one payment: its verdict (null: not flagged) and the alert rules it raises.</summary>
public sealed record PaymentOutcome(PaymentVerdict? Verdict, IReadOnlyList<AlertRule> Alerts);
