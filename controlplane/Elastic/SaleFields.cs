namespace ControlPlane.Elastic;

/// <summary>
/// The document field names of interface.md, in one place: what the loader writes (<c>Loading/BulkBodyWriter</c>), reads
/// back (<c>Loading/SaleDocument</c>), and what the fraud lookups and the search API query. The asset mappings
/// (<c>elastic-assets/</c>) declare the same names; <c>SaleFieldsTests</c> holds the two together.
/// </summary>
public static class SaleFields
{
    // ---- platform_sales (and the sale part of platform_fraud_sales) ------------------------------------------------
    public const string SaleId = "sale_id";
    public const string Source = "source";
    public const string SourceKey = "source_key";
    public const string Platform = "platform";
    public const string StoreId = "store_id";
    public const string CardFingerprint = "card_fingerprint";
    public const string CardMasked = "card_masked";
    /// <summary>The id of the HMAC key that made <see cref="CardFingerprint"/> (CARD_HMAC_KEY_ID): a key rotation tells old and new fingerprints apart.</summary>
    public const string CardKeyId = "card_key_id";
    public const string AmountSale = "amount_sale";
    public const string SoldAt = "sold_at";
    /// <summary>The local day of <see cref="SoldAt"/> in the source's time zone (what AOV and the fraud window count in).</summary>
    public const string SoldDate = "sold_date";
    public const string UpdatedAt = "updated_at";
    public const string FraudFlagged = "fraud_flagged";
    /// <summary>A tombstone: the sale was deleted, turned bad or moved away (docs/assets.md, "Deletes"); every reader filters it out.</summary>
    public const string Deleted = "deleted";

    // ---- platform_fraud_sales: the verdict -------------------------------------------------------------------------
    public const string RuleId = "rule_id";
    public const string RuleVersion = "rule_version";
    public const string Reasons = "reasons";
    public const string WeeklyAov = "weekly_aov";
    public const string RepeatCount = "repeat_count";
    public const string FlaggedAt = "flagged_at";
    public const string AovCheckpointAt = "aov_checkpoint_at";

    // ---- platform_sales_deadletter ---------------------------------------------------------------------------------
    public const string Stage = "stage";
    public const string Reason = "reason";
    public const string Raw = "raw";
    public const string FailedAt = "failed_at";

    /// <summary>Every field of a <c>platform_sales</c> document the loader writes.</summary>
    public static readonly IReadOnlyList<string> Sale =
        [SaleId, Source, SourceKey, Platform, StoreId, CardFingerprint, CardMasked, AmountSale, SoldAt, SoldDate, UpdatedAt, FraudFlagged];
}

/// <summary>The field names of the AOV transform outputs (<c>platform_sales_per_price</c>, <c>platform_sales_week_per_price</c>).</summary>
public static class AovFields
{
    public const string StoreId = "store_id";
    /// <summary>The local day (daily) or the local day that ends the 7-day window (weekly).</summary>
    public const string Date = "date";
    public const string TotalSale = "total_sale";
    public const string NumCustomer = "num_customer";
    public const string UnitPrice = "unit_price";
    public const string WeekAov = "week_aov";
}
