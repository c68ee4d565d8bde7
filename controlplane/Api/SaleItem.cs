using System.Text.Json.Nodes;
using ControlPlane.Elastic;

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
        [SaleFields.SaleId, SaleFields.Source, SaleFields.Platform, SaleFields.StoreId, SaleFields.CardFingerprint, SaleFields.CardMasked, SaleFields.AmountSale, SaleFields.SoldAt, SaleFields.SoldDate, SaleFields.UpdatedAt, SaleFields.FraudFlagged];

    public static SaleItem From(string id, JsonObject s) => new(
        Read.Text(s[SaleFields.SaleId]) ?? id, Read.Text(s[SaleFields.Source]), Read.Text(s[SaleFields.Platform]), Read.Text(s[SaleFields.StoreId]),
        Read.Text(s[SaleFields.CardFingerprint]), Read.Text(s[SaleFields.CardMasked]), Read.Decimal(s[SaleFields.AmountSale]),
        Read.Text(s[SaleFields.SoldAt]), Read.Text(s[SaleFields.SoldDate]), Read.Text(s[SaleFields.UpdatedAt]), Read.Bool(s[SaleFields.FraudFlagged]));
}

/// <summary>A flagged sale: the sale's fields plus the rule that flagged it and why.</summary>
public sealed record FraudSaleItem(
    string SaleId, string? Source, string? Platform, string? StoreId, string? CardFingerprint, string? CardMasked,
    decimal? AmountSale, string? SoldAt, string? SoldDate, string? UpdatedAt,
    string? RuleId, int? RuleVersion, IReadOnlyList<string> Reasons, double? WeeklyAov, int? RepeatCount, string? FlaggedAt)
{
    public static readonly string[] Fields =
        [.. SaleItem.Fields.Where(f => f != SaleFields.FraudFlagged), SaleFields.RuleId, SaleFields.RuleVersion, SaleFields.Reasons, SaleFields.WeeklyAov, SaleFields.RepeatCount, SaleFields.FlaggedAt];

    public static FraudSaleItem From(string id, JsonObject s) => new(
        Read.Text(s[SaleFields.SaleId]) ?? id, Read.Text(s[SaleFields.Source]), Read.Text(s[SaleFields.Platform]), Read.Text(s[SaleFields.StoreId]),
        Read.Text(s[SaleFields.CardFingerprint]), Read.Text(s[SaleFields.CardMasked]), Read.Decimal(s[SaleFields.AmountSale]),
        Read.Text(s[SaleFields.SoldAt]), Read.Text(s[SaleFields.SoldDate]), Read.Text(s[SaleFields.UpdatedAt]),
        Read.Text(s[SaleFields.RuleId]), (int?)Read.Decimal(s[SaleFields.RuleVersion]), Read.Texts(s[SaleFields.Reasons]),
        (double?)Read.Decimal(s[SaleFields.WeeklyAov]), (int?)Read.Decimal(s[SaleFields.RepeatCount]), Read.Text(s[SaleFields.FlaggedAt]));
}

/// <summary>A page of a paged endpoint: <see cref="Next"/> is the <c>search_after</c> token of the next page, null on the last.</summary>
public sealed record ItemPage<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>The answer of an unpaged endpoint.</summary>
public sealed record ItemList<T>(IReadOnlyList<T> Items);

/// <summary>Daily AOV of a store (transform <c>platform_sales_per_price</c>).</summary>
public sealed record DailyAovItem(string StoreId, string Date, double? TotalSale, long? NumCustomer, double? UnitPrice);

/// <summary>Trailing weekly AOV of a store for the 7 local days ending <see cref="Date"/> (transform <c>platform_sales_week_per_price</c>).</summary>
public sealed record WeeklyAovItem(string StoreId, string Date, double? WeekAov, double? TotalSale, long? NumCustomer);
