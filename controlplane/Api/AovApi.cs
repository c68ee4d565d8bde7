using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api;

/// <summary>
/// <c>GET /api/stores/{store_id}/aov/daily</c> and <c>…/weekly</c>: a store's AOV per local day from the transform
/// outputs, oldest first, for the days from <c>from</c> to <c>to</c> (both required, inclusive).
/// </summary>
public static class AovApi
{
    /// <summary>At most this many days per request (one document per day, so the answer stays one search).</summary>
    public const int MaxDays = 3660;

    public static RouteGroupBuilder MapAovApi(this RouteGroupBuilder api)
    {
        api.MapGet("/stores/{store_id}/aov/daily", DailyAsync)
            .AllowOnlyQueryOf<AovQuery>()
            .WithName("DailyAov")
            .WithSummary("A store's daily AOV")
            .WithDescription("Per local day: total_sale, num_customer (distinct cards) and unit_price = total_sale / num_customer.");
        api.MapGet("/stores/{store_id}/aov/weekly", WeeklyAsync)
            .AllowOnlyQueryOf<AovQuery>()
            .WithName("WeeklyAov")
            .WithSummary("A store's trailing weekly AOV")
            .WithDescription("Per local day D: week_aov over D-6..D = sum of daily totals / sum of daily distinct cards.");
        return api;
    }

    public static async Task<Ok<ItemList<DailyAovItem>>> DailyAsync(
        [FromRoute(Name = "store_id"), Description("The store")] string storeId, [AsParameters] AovQuery query,
        ElasticsearchGateway es, IOptions<ApiOptions> options, CancellationToken ct)
    {
        var hits = await SearchAsync(es, IndexNames.DailyAov, [AovFields.StoreId, AovFields.Date, AovFields.TotalSale, AovFields.NumCustomer, AovFields.UnitPrice], storeId, query, options.Value, instants: true, ct).ConfigureAwait(false);
        var items = hits.Select(s => new DailyAovItem(Read.Text(s[AovFields.StoreId]) ?? storeId, LocalDay(s[AovFields.Date], options.Value.TimeZoneInfo),
            (double?)Read.Decimal(s[AovFields.TotalSale]), (long?)Read.Decimal(s[AovFields.NumCustomer]), (double?)Read.Decimal(s[AovFields.UnitPrice]))).ToList();
        return TypedResults.Ok(new ItemList<DailyAovItem>(items));
    }

    public static async Task<Ok<ItemList<WeeklyAovItem>>> WeeklyAsync(
        [FromRoute(Name = "store_id"), Description("The store")] string storeId, [AsParameters] AovQuery query,
        ElasticsearchGateway es, IOptions<ApiOptions> options, CancellationToken ct)
    {
        var hits = await SearchAsync(es, IndexNames.WeeklyAov, [AovFields.StoreId, AovFields.Date, AovFields.WeekAov, AovFields.TotalSale, AovFields.NumCustomer], storeId, query, options.Value, instants: false, ct).ConfigureAwait(false);
        var items = hits.Select(s => new WeeklyAovItem(Read.Text(s[AovFields.StoreId]) ?? storeId, LocalDay(s[AovFields.Date], options.Value.TimeZoneInfo),
            (double?)Read.Decimal(s[AovFields.WeekAov]), (double?)Read.Decimal(s[AovFields.TotalSale]), (long?)Read.Decimal(s[AovFields.NumCustomer]))).ToList();
        return TypedResults.Ok(new ItemList<WeeklyAovItem>(items));
    }

    /// <summary>
    /// The store's rows of the local days asked for. The daily <c>date</c> is the instant its local day starts (a
    /// date_histogram key with time_zone), so <paramref name="instants"/> asks for the instants of those local midnights;
    /// the weekly <c>date</c> is the local day itself (yyyy-MM-dd), read as a date (docs/assets.md, "Time zones").
    /// </summary>
    private static async Task<IReadOnlyList<JsonObject>> SearchAsync(
        ElasticsearchGateway es, string index, string[] fields, string storeId, AovQuery query, ApiOptions options, bool instants, CancellationToken ct)
    {
        var store = QueryParameters.Keyword("store_id", storeId) ?? throw new ParameterException("store_id", "required");
        var (first, last) = DateRange.Days(query.From, query.To, options.TimeZoneInfo, MaxDays);
        var body = new JsonObject
        {
            ["size"] = last.DayNumber - first.DayNumber + 1,
            ["track_total_hits"] = false,
            ["_source"] = new JsonArray(fields.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
            ["query"] = SaleSearch.Query([SaleSearch.Term(AovFields.StoreId, store),
                instants ? DateRange.OnLocalDayStarts(AovFields.Date, first, last, options.TimeZoneInfo) : DateRange.OnDays(AovFields.Date, first, last)]),
            ["sort"] = new JsonArray(new JsonObject { [AovFields.Date] = new JsonObject { ["order"] = "asc" } }),
        };
        var hits = await SaleSearch.SearchHitsAsync(es, index, body, ct).ConfigureAwait(false);
        return hits.Select(h => h["_source"] as JsonObject ?? []).ToList();
    }

    /// <summary>
    /// The local day a transform wrote: <c>yyyy-MM-dd</c> as it is; a date-time or epoch millis (a date_histogram key: the
    /// instant the local day starts) as the day it falls on in the API's zone.
    /// </summary>
    public static string LocalDay(JsonNode? value, TimeZoneInfo zone)
    {
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var millis))
            return InstantParser.LocalDay(DateTimeOffset.FromUnixTimeMilliseconds(millis), zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var text = Read.Text(value) ?? "";
        if (text.Length > 10 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return InstantParser.LocalDay(instant, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return text;
    }
}

/// <summary>The query parameters of the AOV endpoints; any other parameter is a 400.</summary>
public sealed class AovQuery
{
    [FromQuery(Name = "from"), Description("First local day, ISO 8601 date (required)")] public string? From { get; init; }
    [FromQuery(Name = "to"), Description("Last local day, ISO 8601 date (required, inclusive)")] public string? To { get; init; }
}
