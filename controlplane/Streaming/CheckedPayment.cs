using ControlPlane.Fraud;

namespace ControlPlane.Streaming;

/// <summary>A payment after the fraud check: its verdict (null: legit) and the alert rules it raises.</summary>
public sealed record CheckedPayment(Payment Payment, PaymentVerdict? Verdict, IReadOnlyList<AlertRule> Alerts);

/// <summary>One bulk action of a batch: which message it belongs to and where its NDJSON lines sit in the buffer.</summary>
public readonly record struct PaymentAction(int Message, string Index, int Start, int Length);
