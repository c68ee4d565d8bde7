using System.ComponentModel;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api;

/// <summary><c>GET /api/sales</c>: every good sale, newest first, filtered and paged (interface.md).</summary>
public static class SalesApi
{
    public static RouteGroupBuilder MapSalesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sales", SearchAsync)
            .AllowOnlyQueryOf<SalesQuery>()
            .WithName("SearchSales")
            .WithSummary("Sales, newest first")
            .WithDescription("Every good sale (flagged or not). Cards appear only as card_masked and card_fingerprint. Page with the answer's next token.");
        return api;
    }

    public static async Task<Ok<ItemPage<SaleItem>>> SearchAsync(
        [AsParameters] SalesQuery query, SaleSearch search, IOptions<ApiOptions> options, CancellationToken ct)
    {
        var zone = options.Value.TimeZoneInfo;
        var filters = new List<JsonObject>();
        if (QueryParameters.Keyword("store_id", query.StoreId) is { } store) filters.Add(SaleSearch.Term(SaleFields.StoreId, store));
        if (QueryParameters.Keyword("platform", query.Platform) is { } platform) filters.Add(SaleSearch.Term(SaleFields.Platform, platform.ToLowerInvariant()));
        if (CardFingerprint(query.CardFingerprint) is { } fingerprint) filters.Add(SaleSearch.Term(SaleFields.CardFingerprint, fingerprint));
        var min = QueryParameters.Amount("min_amount", query.MinAmount);
        var max = QueryParameters.Amount("max_amount", query.MaxAmount);
        if (min > max) throw new ParameterException("min_amount", $"{min} is greater than max_amount {max}");
        if (min is not null || max is not null)
        {
            var bounds = new JsonObject();
            if (min is { } lo) bounds["gte"] = lo;
            if (max is { } hi) bounds["lte"] = hi;
            filters.Add(SaleSearch.Range(SaleFields.AmountSale, bounds));
        }
        if (DateRange.OnInstants(SaleFields.SoldAt, query.From, query.To, zone) is { } range) filters.Add(range);
        var size = QueryParameters.Size(query.Size);

        return TypedResults.Ok(await search.SearchAsync(IndexNames.Sales, SaleItem.Fields, filters, size, query.SearchAfter, SaleItem.From, ct).ConfigureAwait(false));
    }

    /// <summary>A fingerprint is 64 hex characters; anything else (a card number, say) is refused rather than searched for.</summary>
    private static string? CardFingerprint(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = text.Trim().ToLowerInvariant();
        if (value.Length != 64 || !value.All(char.IsAsciiHexDigit))
            throw new ParameterException("card_fingerprint", "must be the 64-character hex fingerprint of a card (never the card number)");
        return value;
    }
}

/// <summary>The query parameters of <c>GET /api/sales</c>; any other parameter is a 400.</summary>
public sealed class SalesQuery
{
    [FromQuery(Name = "store_id"), Description("Only this store")] public string? StoreId { get; init; }
    [FromQuery(Name = "platform"), Description("Only this platform (lower-case name)")] public string? Platform { get; init; }
    [FromQuery(Name = "card_fingerprint"), Description("Only this card: its 64-hex HMAC fingerprint")] public string? CardFingerprint { get; init; }
    [FromQuery(Name = "min_amount"), Description("Amount at least this (number)")] public string? MinAmount { get; init; }
    [FromQuery(Name = "max_amount"), Description("Amount at most this (number)")] public string? MaxAmount { get; init; }
    [FromQuery(Name = "from"), Description("Sold at or after: ISO 8601 date (whole local day) or date-time")] public string? From { get; init; }
    [FromQuery(Name = "to"), Description("Sold at or before: ISO 8601 date (whole local day) or date-time")] public string? To { get; init; }
    [FromQuery(Name = "size"), Description("Items per page, 1–1000 (default 100)")] public string? Size { get; init; }
    [FromQuery(Name = "search_after"), Description("The next token of the previous page")] public string? SearchAfter { get; init; }
}
