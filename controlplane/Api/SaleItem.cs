using System.Text.Json.Nodes;

namespace ControlPlane.Api;

/// <summary>
/// A sale as the API shows it. Built field by field from this allow-list only: a card is never more than its
/// masked form and its fingerprint, whatever else the stored document holds.
/// </summary>
public sealed record SaleItem(
    string SaleId, string? Source, string? Platform, string? StoreId, string? CardFingerprint, string? CardMasked,
    decimal? AmountSale, string? SoldAt, string? SoldDate, string? UpdatedAt, bool? FraudFlagged)
{
    /// <summary>The <c>_source</c> fields read from Elasticsearch: nothing outside this list is even fetched.</summary>
    public static readonly string[] Fields =
        ["sale_id", "source", "platform", "store_id", "card_fingerprint", "card_masked", "amount_sale", "sold_at", "sold_date", "updated_at", "fraud_flagged"];

    public static SaleItem From(string id, JsonObject s) => new(
        Read.Text(s["sale_id"]) ?? id, Read.Text(s["source"]), Read.Text(s["platform"]), Read.Text(s["store_id"]),
        Read.Text(s["card_fingerprint"]), Read.Text(s["card_masked"]), Read.Decimal(s["amount_sale"]),
        Read.Text(s["sold_at"]), Read.Text(s["sold_date"]), Read.Text(s["updated_at"]), Read.Bool(s["fraud_flagged"]));
}

/// <summary>A flagged sale: the sale's fields plus the rule that flagged it and why.</summary>
public sealed record FraudSaleItem(
    string SaleId, string? Source, string? Platform, string? StoreId, string? CardFingerprint, string? CardMasked,
    decimal? AmountSale, string? SoldAt, string? SoldDate, string? UpdatedAt,
    string? RuleId, int? RuleVersion, IReadOnlyList<string> Reasons, double? WeeklyAov, int? RepeatCount, string? FlaggedAt)
{
    public static readonly string[] Fields =
        [.. SaleItem.Fields.Where(f => f != "fraud_flagged"), "rule_id", "rule_version", "reasons", "weekly_aov", "repeat_count", "flagged_at"];

    public static FraudSaleItem From(string id, JsonObject s) => new(
        Read.Text(s["sale_id"]) ?? id, Read.Text(s["source"]), Read.Text(s["platform"]), Read.Text(s["store_id"]),
        Read.Text(s["card_fingerprint"]), Read.Text(s["card_masked"]), Read.Decimal(s["amount_sale"]),
        Read.Text(s["sold_at"]), Read.Text(s["sold_date"]), Read.Text(s["updated_at"]),
        Read.Text(s["rule_id"]), (int?)Read.Decimal(s["rule_version"]), Read.Texts(s["reasons"]),
        (double?)Read.Decimal(s["weekly_aov"]), (int?)Read.Decimal(s["repeat_count"]), Read.Text(s["flagged_at"]));
}

/// <summary>A page of a paged endpoint: <see cref="Next"/> is the <c>search_after</c> token of the next page, null on the last.</summary>
public sealed record ItemPage<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>The answer of an unpaged endpoint.</summary>
public sealed record ItemList<T>(IReadOnlyList<T> Items);

/// <summary>Daily AOV of a store (transform <c>platform_sales_per_price</c>).</summary>
public sealed record DailyAovItem(string StoreId, string Date, double? TotalSale, long? NumCustomer, double? UnitPrice);

/// <summary>Trailing weekly AOV of a store for the 7 local days ending <see cref="Date"/> (transform <c>platform_sales_week_per_price</c>).</summary>
public sealed record WeeklyAovItem(string StoreId, string Date, double? WeekAov, double? TotalSale, long? NumCustomer);
