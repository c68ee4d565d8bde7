using System.Text.Json.Serialization;

namespace ControlPlane.Streaming;

/// <summary>
/// The JSON an alert is POSTed as (and the fields of its <c>platform_alerts</c> document): the rule, the payment's id and
/// fields, when. No card number. <see cref="AlertId"/> is stable across re-deliveries, so a receiver can drop repeats.
/// </summary>
public sealed record AlertNotice(
    [property: JsonPropertyName("alert_id")] string AlertId,
    [property: JsonPropertyName("rule_id")] string RuleId,
    [property: JsonPropertyName("rule_version")] int RuleVersion,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("sale_id")] string SaleId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("payment_type")] string? PaymentType,
    [property: JsonPropertyName("recipient")] string? Recipient,
    [property: JsonPropertyName("amount_sale")] decimal Amount,
    [property: JsonPropertyName("sold_at")] DateTimeOffset SoldAt,
    [property: JsonPropertyName("fraud_rule_id")] string? FraudRuleId,
    [property: JsonPropertyName("stream")] string Position,
    [property: JsonPropertyName("raised_at")] DateTimeOffset RaisedAt)
{
    public static IEnumerable<AlertNotice> Of(CheckedPayment c, DateTimeOffset now) => c.Alerts.Select(a => new AlertNotice(
        PaymentBulkWriter.AlertId(c.Payment.SaleId, a.Name), a.Name, a.Version, a.Severity, c.Payment.SaleId, c.Payment.Source,
        c.Payment.PaymentType, c.Payment.Recipient, c.Payment.Amount, c.Payment.SoldAt, c.Verdict?.RuleId, c.Payment.Message.Position.ToString(), now));
}
