namespace ControlPlane.Fraud;

/// <summary>
/// A versioned alert rule (<c>elastic-assets/fraud-rules/NAME.yml</c>, kind <c>alert_rule</c>): a payment raises an alert
/// when it was flagged (if <see cref="WhenFlagged"/>) and every condition of <see cref="Match"/> holds. The seed's
/// <c>stranger-alert</c>: a flagged payment to a STRANGER. <see cref="Severity"/> is carried to the log, webhook and index.
/// </summary>
public sealed record AlertRule(string Name, int Version, string? Description, bool Enabled, bool WhenFlagged, IReadOnlyList<FieldCondition> Match, string Severity, string File);
