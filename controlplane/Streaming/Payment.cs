using System.Text.Json.Nodes;

namespace ControlPlane.Streaming;

/// <summary>What a message becomes: a payment to check and index, or a poison message to dead-letter.</summary>
public abstract record MappedMessage(StreamMessage Message, string SaleId);

/// <summary>
/// A good payment in the sale document's terms (no raw card number: fingerprint and mask only, when the source maps a
/// card). <see cref="Json"/> is the message as sent, card masked, for the verdict topics.
/// </summary>
public sealed record Payment(
    StreamMessage Message,
    string SaleId,
    string Source,
    string SourceKey,
    string Platform,
    string? StoreId,
    string? CardFingerprint,
    string? CardMasked,
    decimal Amount,
    DateTimeOffset SoldAt,
    DateOnly SoldDate,
    string? PaymentType,
    string? Recipient,
    JsonObject Json) : MappedMessage(Message, SaleId)
{
    /// <summary>The id of the HMAC key that made <see cref="CardFingerprint"/> (CARD_HMAC_KEY_ID); null without a card.</summary>
    public string? CardKeyId { get; init; }
}

/// <summary>A message that cannot become a payment; <see cref="Reason"/> says why without quoting a card number.</summary>
public sealed record PoisonMessage(StreamMessage Message, string SaleId, string Reason, JsonObject Raw) : MappedMessage(Message, SaleId);
