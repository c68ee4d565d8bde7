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

/// <summary><c>GET /api/fraud</c>: flagged sales with the rule and its reasons, newest first, paged (interface.md).</summary>
public static class FraudApi
{
    public static RouteGroupBuilder MapFraudApi(this RouteGroupBuilder api)
    {
        api.MapGet("/fraud", SearchAsync)
            .AllowOnlyQueryOf<FraudQuery>()
            .WithName("SearchFlaggedSales")
            .WithSummary("Flagged sales, newest first")
            .WithDescription("Sales the fraud rule flagged, with rule_id, rule_version, reasons, the weekly AOV compared with and the repeat count.");
        return api;
    }

    public static async Task<Ok<ItemPage<FraudSaleItem>>> SearchAsync(
        [AsParameters] FraudQuery query, SaleSearch search, IOptions<ApiOptions> options, CancellationToken ct)
    {
        var filters = new List<JsonObject>();
        if (QueryParameters.Keyword("store_id", query.StoreId) is { } store) filters.Add(SaleSearch.Term(SaleFields.StoreId, store));
        if (DateRange.OnInstants(SaleFields.SoldAt, query.From, query.To, options.Value.TimeZoneInfo) is { } range) filters.Add(range);
        var size = QueryParameters.Size(query.Size);

        return TypedResults.Ok(await search.SearchAsync(IndexNames.FraudSales, FraudSaleItem.Fields, filters, size, query.SearchAfter, FraudSaleItem.From, ct).ConfigureAwait(false));
    }
}

/// <summary>The query parameters of <c>GET /api/fraud</c>; any other parameter is a 400.</summary>
public sealed class FraudQuery
{
    [FromQuery(Name = "store_id"), Description("Only this store")] public string? StoreId { get; init; }
    [FromQuery(Name = "from"), Description("Sold at or after: ISO 8601 date (whole local day) or date-time")] public string? From { get; init; }
    [FromQuery(Name = "to"), Description("Sold at or before: ISO 8601 date (whole local day) or date-time")] public string? To { get; init; }
    [FromQuery(Name = "size"), Description("Items per page, 1–1000 (default 100)")] public string? Size { get; init; }
    [FromQuery(Name = "search_after"), Description("The next token of the previous page")] public string? SearchAfter { get; init; }
}
