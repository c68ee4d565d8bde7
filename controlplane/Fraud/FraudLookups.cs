using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Loading;

namespace ControlPlane.Fraud;

/// <summary>
/// The fraud check's reads from Elasticsearch, a constant number per page whatever its size: one search for the weekly
/// AOV of all (store, day) pairs, one for the sales of all the page's cards around its days (earlier and later ones, and the
/// written versions of its own rows, whose <c>fraud_flagged</c> says which are flagged already).
/// A search continues with <c>search_after</c> only when a 10,000-hit answer is full. Missing indices read as empty.
/// </summary>
public sealed class FraudLookups(ElasticsearchGateway es)
{
    public const int MaxHits = 10_000;

    /// <summary>Weekly AOV by (store, local day), from <c>platform_sales_week_per_price</c>; matched client-side.</summary>
    public async Task<Dictionary<(string StoreId, DateOnly Date), double>> WeeklyAovAsync(
        IReadOnlyCollection<(string StoreId, DateOnly Date)> pairs, TimeZoneInfo zone, CancellationToken ct)
    {
        var result = new Dictionary<(string, DateOnly), double>();
        if (pairs.Count == 0) return result;
        var wanted = pairs.ToHashSet();
        var stores = new JsonArray(pairs.Select(p => p.StoreId).Distinct().Order(StringComparer.Ordinal).Select(s => (JsonNode?)s).ToArray());
        var days = new JsonArray(pairs.Select(p => p.Date).Distinct().Order().Select(d => (JsonNode?)Day(d)).ToArray());
        var hits = await SearchAllAsync(IndexNames.WeeklyAov, Body(
            new JsonArray(AovFields.StoreId, AovFields.Date, AovFields.WeekAov),
            Filter(new JsonObject { ["terms"] = new JsonObject { [AovFields.StoreId] = stores } },
                   new JsonObject { ["terms"] = new JsonObject { [AovFields.Date] = days } }),
            new JsonArray(Sort(AovFields.StoreId), Sort(AovFields.Date))), "weekly AOV lookup", ct).ConfigureAwait(false);
        foreach (var source in hits)
        {
            if (source[AovFields.StoreId]?.ToString() is not { } store || ReadDay(source[AovFields.Date], zone) is not { } day) continue;
            if (ReadDouble(source[AovFields.WeekAov]) is { } aov && wanted.Contains((store, day))) result[(store, day)] = aov;
        }
        return result;
    }

    /// <summary>
    /// In one search: the sales in <c>platform_sales</c> of any of <paramref name="payments"/> (the same card AND the same
    /// amount) whose local day is from <paramref name="from"/> to <paramref name="to"/>, and the documents with any of
    /// <paramref name="ids"/> wherever and whenever they were sold (the written versions of a page's own rows), with every
    /// sale field. Only a payment of the same card and amount can count as a repeat, so asking for exactly those keeps the
    /// answer as small as the repeats themselves instead of every sale of the page's cards (the benchmark measured that
    /// answer as the loader's bottleneck). One alternative per amount, with the cards that paid it
    /// (<see cref="SalesOfPaymentsQuery"/>): a page of P distinct amounts is a query of about 4P clauses, within
    /// Elasticsearch's max(1024, heap MB × 64 / search threads) (server/src/main/java/org/elasticsearch/search/SearchUtils.java)
    /// at the default 1,000 rows a page and a 512 MB heap.
    /// </summary>
    public async Task<List<IndexedSale>> SalesOfPaymentsAsync(IReadOnlyCollection<(string Card, decimal Amount)> payments, DateOnly from, DateOnly to,
        IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var result = new List<IndexedSale>();
        if (payments.Count == 0 && ids.Count == 0) return result;
        var hits = await SearchAllAsync(async (after, t) =>
        {
            using var body = new PooledBuffer(SalesOfPaymentsQuery.SizeHint(payments.Count, ids.Count));
            SalesOfPaymentsQuery.Write(body, payments, from, to, ids, after);
            return await es.SearchAsync(IndexNames.Sales, body.Slice(0, body.Length), "sales of the page's cards lookup", t).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        foreach (var s in hits)
        {
            // Tombstones (deleted: true) carry no card and no amount: they match no payment and the next two checks skip them.
            if (s[SaleFields.SaleId]?.ToString() is not { } id || s[SaleFields.CardFingerprint]?.ToString() is not { } card) continue;
            if (ReadDecimal(s[SaleFields.AmountSale]) is not { } amount || ReadInstant(s[SaleFields.SoldAt]) is not { } soldAt) continue;
            var soldDate = ReadDay(s[SaleFields.SoldDate], null) ?? DateOnly.FromDateTime(soldAt.DateTime);
            var flagged = s[SaleFields.FraudFlagged] is JsonValue f && (f.GetValueKind() == JsonValueKind.True || (f.GetValueKind() == JsonValueKind.String && f.ToString() == "true"));
            result.Add(new IndexedSale(new FraudCandidate(id, s[SaleFields.StoreId]?.ToString() ?? "", card, amount, soldAt, soldDate, flagged), s));
        }
        return result;
    }

    /// <summary>Makes everything indexed so far searchable in <c>platform_sales</c> and <c>platform_fraud_sales</c>.</summary>
    public Task RefreshAsync(CancellationToken ct) =>
        es.RefreshAsync([IndexNames.Sales, IndexNames.FraudSales], "refresh before the fraud check", ct);

    // ---- search plumbing --------------------------------------------------------------------------------------

    /// <summary>Every hit of <paramref name="body"/>, page after page: the next page repeats the body with the last hit's sort values as <c>search_after</c>.</summary>
    private Task<List<JsonObject>> SearchAllAsync(string index, JsonObject body, string what, CancellationToken ct) =>
        SearchAllAsync((after, t) =>
        {
            if (after is not null) body["search_after"] = after;
            return es.SearchAsync(index, body, what, t);
        }, ct);

    /// <summary>Every hit of a search, asking <paramref name="page"/> again with the last hit's sort values while a page is full.</summary>
    private static async Task<List<JsonObject>> SearchAllAsync(Func<JsonArray?, CancellationToken, Task<JsonObject>> page, CancellationToken ct)
    {
        var sources = new List<JsonObject>();
        JsonArray? after = null;
        while (true)
        {
            var answer = await page(after, ct).ConfigureAwait(false);
            var hits = Hits(answer).ToList();
            foreach (var hit in hits) if (hit["_source"] is JsonObject s) sources.Add(s);
            if (hits.Count < MaxHits || hits[^1]["sort"] is not JsonArray sort) return sources;
            after = (JsonArray)sort.DeepClone();
        }
    }

    private async Task<JsonNode?> SearchAsync(string index, JsonObject body, string what, CancellationToken ct) =>
        await es.SearchAsync(index, body, what, ct).ConfigureAwait(false);

    private static IEnumerable<JsonObject> Hits(JsonNode? answer) =>
        answer?["hits"]?["hits"] is JsonArray hits ? hits.OfType<JsonObject>() : [];

    private static JsonObject Body(JsonArray source, JsonObject query, JsonArray sort) => new()
    {
        ["size"] = MaxHits,
        ["track_total_hits"] = false,
        ["_source"] = source,
        ["query"] = query,
        ["sort"] = sort,
    };

    private static JsonObject Filter(params JsonObject[] clauses) =>
        new() { ["bool"] = new JsonObject { ["filter"] = new JsonArray(clauses.Select(c => (JsonNode?)c).ToArray()) } };

    private static JsonObject Sort(string field) => new() { [field] = new JsonObject { ["order"] = "asc" } };

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A local day written as <c>yyyy-MM-dd</c> (or a date-time: its own local day), or as epoch millis (a day in <paramref name="zone"/>).</summary>
    internal static DateOnly? ReadDay(JsonNode? node, TimeZoneInfo? zone)
    {
        if (node is not JsonValue v) return null;
        if (v.GetValueKind() == JsonValueKind.String)
        {
            var s = v.ToString();
            return s.Length >= 10 && DateOnly.TryParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        }
        if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var millis))
        {
            var instant = DateTimeOffset.FromUnixTimeMilliseconds(millis);
            return DateOnly.FromDateTime(zone is null ? instant.UtcDateTime : TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        }
        return null;
    }

    private static DateTimeOffset? ReadInstant(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String
        && DateTimeOffset.TryParse(v.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t
        : node is JsonValue n && n.GetValueKind() == JsonValueKind.Number && n.TryGetValue<long>(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
        : null;

    private static decimal? ReadDecimal(JsonNode? node) =>
        node is JsonValue v && decimal.TryParse(v.GetValueKind() == JsonValueKind.String ? v.ToString() : v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static double? ReadDouble(JsonNode? node) =>
        node is JsonValue v && double.TryParse(v.GetValueKind() == JsonValueKind.String ? v.ToString() : v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
