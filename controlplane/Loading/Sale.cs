namespace ControlPlane.Loading;

/// <summary>A good sale in the document's terms (docs/design.md, "Documents"); no raw card number.</summary>
public sealed record Sale(
    string SaleId,
    string Source,
    string SourceKey,
    string Platform,
    string StoreId,
    string CardFingerprint,
    string CardMasked,
    decimal AmountSale,
    DateTimeOffset SoldAt,
    DateOnly SoldDate,
    DateTimeOffset UpdatedAt,
    long Version)
{
    /// <summary>
    /// The card's fingerprint under CARD_HMAC_PREVIOUS_KEY while a key rotation is under way (never indexed): the fraud
    /// check finds the card's sales written with the old key by it. Defaults to null (no rotation).
    /// </summary>
    public string? PreviousCardFingerprint { get; init; }

    /// <summary>The id of the HMAC key that made <see cref="CardFingerprint"/> (CARD_HMAC_KEY_ID), indexed as <c>card_key_id</c>.</summary>
    public string? CardKeyId { get; init; }
}
