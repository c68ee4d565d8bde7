namespace ControlPlane.Fraud;

/// <summary>
/// A versioned fraud rule on a payment's own fields (<c>elastic-assets/fraud-rules/NAME.yml</c>, kind <c>field_rule</c>):
/// a payment is flagged when every condition of <see cref="Match"/> holds. The seed's <c>payment-type</c>: payment type is BITCOIN.
/// </summary>
public sealed record FieldRule(string Name, int Version, string? Description, bool Enabled, IReadOnlyList<FieldCondition> Match, string File);
