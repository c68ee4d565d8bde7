namespace ControlPlane.Fraud;

/// <summary>
/// Why a streamed payment was flagged: the rule (a field rule or an AOV rule) and its version, sentences saying why, and
/// for an AOV rule the numbers it compared.
/// </summary>
public sealed record PaymentVerdict(string RuleId, int RuleVersion, IReadOnlyList<string> Reasons, double? WeeklyAov = null, int? RepeatCount = null)
{
    public static PaymentVerdict From(FraudVerdict v) => new(v.Rule.Name, v.Rule.Version, v.Reasons, v.WeeklyAov, v.RepeatCount);
}
