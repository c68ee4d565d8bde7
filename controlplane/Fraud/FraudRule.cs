namespace ControlPlane.Fraud;

/// <summary>
/// One versioned fraud rule (<c>elastic-assets/fraud-rules/NAME.yml</c>, kind <c>fraud_rule</c>): a sale is flagged when its
/// amount is greater than <see cref="AovMultiplier"/> × its store's weekly AOV of the day before, and the same card paid the
/// same amount at least <see cref="MinRepeats"/> times (this sale included) in the <see cref="WindowDays"/> local days up to it.
/// </summary>
public sealed record FraudRule(
    string Name,
    int Version,
    string? Description,
    bool Enabled,
    decimal AovMultiplier,
    int MinRepeats,
    int WindowDays,
    string File);
