namespace ControlPlane.Fraud;

/// <summary>The text fields of a sale that field and alert rules can test; null when the payment does not carry one.</summary>
public sealed record PaymentFields(string Platform, string? StoreId, string? PaymentType, string? Recipient)
{
    /// <summary>The sale document field names a rule may name.</summary>
    public static readonly IReadOnlyList<string> Names = ["platform", "store_id", "payment_type", "recipient"];

    public string? Get(string field) => field switch
    {
        "platform" => Platform,
        "store_id" => StoreId,
        "payment_type" => PaymentType,
        "recipient" => Recipient,
        _ => null,
    };
}
