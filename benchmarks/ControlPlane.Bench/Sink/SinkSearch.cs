using System.Globalization;
using System.Text.Json;

namespace ControlPlane.Bench;

/// <summary>
/// <c>POST INDEX/_search</c> over what was indexed: the three fraud lookups of the loader — earlier sales of a page's
/// cards (<c>platform_sales</c>, sorted by sale_id), the weekly AOV of (store, day) pairs computed from the indexed
/// sales as the transforms would (<c>platform_sales_week_per_price</c>), and which sale ids are flagged
/// (<c>platform_fraud_sales</c>, an ids query) — with size, search_after and _source filtering as Elasticsearch applies them.
/// </summary>
internal static class SinkSearch
{

    public static SinkAnswer Run(SinkStore store, string indices, ReadOnlyMemory<byte> body, bool ignoreUnavailable)
    {
        var names = indices.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length != 1) return SinkAnswer.Error(400, "illegal_argument_exception", $"the bench sink searches one index at a time, not [{indices}]");
        var name = names[0];
        var kind = SinkIndices.Kind(name);
        var concrete = SinkIndices.Concrete(name);
        try
        {
            var request = SinkSearchRequest.Parse(body);
            lock (store.Sync)
            {
                var alias = SinkIndices.Alias(name) ?? name;
                var answer = kind switch
                {
                    SinkIndexKind.Sales => Sales(store.Sales, concrete, request),
                    SinkIndexKind.WeeklyAov => Weekly(store.Sales, concrete, request),
                    SinkIndexKind.FraudSales => Ids(store.FraudSales, concrete, request),
                    SinkIndexKind.DeadLetter => Ids(store.DeadLetters, concrete, request),
                    SinkIndexKind.Other when ignoreUnavailable => Hits(request, concrete, [], (_, _) => { }),
                    SinkIndexKind.Other => SinkAnswer.Error(404, "index_not_found_exception", $"no such index [{name}]"),
                    _ => SinkAnswer.Error(400, "illegal_argument_exception", $"the bench sink does not search [{name}]: the loader never does"),
                };
                store.CountSearch(alias, answer.Hits);
                return answer;
            }
        }
        catch (Exception ex) when (ex is SinkQueryException or JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return SinkAnswer.Error(400, "parsing_exception", ex.Message);
        }
    }

    private static SinkAnswer Sales(SinkSales sales, string concrete, SinkSearchRequest request)
    {
        if (request.MustNot.Count > 0) throw new SinkQueryException($"the bench sink does not answer bool must_not on [{concrete}]");
        // should alternatives: the union of what each alternative (with the common filter) finds, each sale once.
        var found = request.Should.Count == 0
            ? sales.Find(SalesQuery(concrete, request.Clauses))
            : request.Should.SelectMany(alternative => sales.Find(SalesQuery(concrete, request.Clauses.Concat(alternative)))).DistinctBy(f => f.Id).ToList();
        var sortById = SortedBy(request, "sale_id", "_id");
        var ordered = sortById is { } descending
            ? (descending ? found.OrderByDescending(f => f.Id, StringComparer.Ordinal) : found.OrderBy(f => f.Id, StringComparer.Ordinal)).ToList()
            : found;
        if (request.SearchAfter is [var after, ..])
        {
            if (sortById is not { } desc) throw new SinkQueryException("search_after needs a sort");
            var last = after.GetString()!;
            ordered = ordered.Where(f => desc ? string.CompareOrdinal(f.Id, last) < 0 : string.CompareOrdinal(f.Id, last) > 0).ToList();
        }
        return Hits(request, concrete, ordered.Select(f => (f.Id, (object)f.Slot)).ToList(), (json, hit) =>
        {
            var (id, slot) = ((string, object))hit;
            if (request.Source is not { Count: 0 })
            {
                json.WritePropertyName("_source");
                sales.WriteSource(json, (int)slot, request.Source);
            }
            if (sortById is not null)
            {
                json.WriteStartArray("sort");
                json.WriteStringValue(id);
                json.WriteEndArray();
            }
        });
    }

    private static SinkSalesQuery SalesQuery(string concrete, IEnumerable<SinkClause> clauses)
    {
        var query = new SinkSalesQuery();
        foreach (var c in clauses)
        {
            switch (c.Type, c.Field)
            {
                case ("terms", "card_fingerprint"): query.Cards = Intersect(query.Cards, c.Values); break;
                case ("terms", "store_id"): query.Stores = Intersect(query.Stores, c.Values); break;
                case ("ids", _) or ("terms", "sale_id" or "_id"): query.Ids = Intersect(query.Ids, c.Values); break;
                case ("terms", "amount_sale"):
                    var amounts = c.Values.Select(v => decimal.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToHashSet();
                    query.Amounts = query.Amounts is null ? amounts : query.Amounts.Intersect(amounts).ToHashSet();
                    break;
                case ("range", "sold_date"):
                    var (from, to) = DayRange(c);
                    if (from is { } f && (query.FromDay is null || f > query.FromDay)) query.FromDay = f;
                    if (to is { } t && (query.ToDay is null || t < query.ToDay)) query.ToDay = t;
                    break;
                default: throw new SinkQueryException($"the bench sink does not filter [{concrete}] with [{c.Type}] on [{c.Field}]");
            }
        }
        return query;
    }

    private static SinkAnswer Weekly(SinkSales sales, string concrete, SinkSearchRequest request)
    {
        if (request.Should.Count > 0 || request.MustNot.Count > 0) throw new SinkQueryException($"the bench sink does not answer bool should or must_not on [{concrete}]");
        HashSet<string>? stores = null;
        HashSet<DateOnly>? days = null;
        DateOnly? from = null, to = null;
        foreach (var c in request.Clauses)
        {
            switch (c.Type, c.Field)
            {
                case ("terms", "store_id"): stores = Intersect(stores, c.Values); break;
                case ("terms", "date"):
                    var wanted = c.Values.Select(v => SinkSearchRequest.Day(v, "date")).ToHashSet();
                    days = days is null ? wanted : days.Intersect(wanted).ToHashSet();
                    break;
                case ("range", "date"): (from, to) = DayRange(c); break;
                default: throw new SinkQueryException($"the bench sink does not filter [{concrete}] with [{c.Type}] on [{c.Field}]");
            }
        }
        foreach (var (field, descending) in request.Sort)
            if (field is not ("store_id" or "date") || descending)
                throw new SinkQueryException($"the bench sink sorts [{concrete}] by store_id and date ascending only, not [{field}]");
        var rows = sales.Weekly(stores, days, from, to)
            .OrderBy(r => r.StoreId, StringComparer.Ordinal).ThenBy(r => r.Date).ToList();
        if (request.SearchAfter is [var afterStore, var afterDate, ..])
        {
            var store = afterStore.GetString()!;
            var day = afterDate.ValueKind == JsonValueKind.Number
                ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(afterDate.GetInt64()).UtcDateTime)
                : SinkSearchRequest.Day(afterDate.GetString()!, "date");
            rows = rows.Where(r => string.CompareOrdinal(r.StoreId, store) > 0 || (r.StoreId == store && r.Date > day)).ToList();
        }
        var sorted = request.Sort.Count > 0;
        return Hits(request, concrete, rows.Select(r => ($"{r.StoreId}-{Day(r.Date)}", (object)r)).ToList(), (json, hit) =>
        {
            var row = (SinkWeeklyRow)hit.Item2;
            if (request.Source is not { Count: 0 })
            {
                bool Wanted(string field) => request.Source is null || request.Source.Contains(field);
                json.WriteStartObject("_source");
                if (Wanted("store_id")) json.WriteString("store_id", row.StoreId);
                if (Wanted("date")) json.WriteString("date", Day(row.Date));
                if (Wanted("week_aov") && row.WeekAov is { } aov) json.WriteNumber("week_aov", aov);
                if (Wanted("total_sale")) json.WriteNumber("total_sale", row.TotalSale);
                if (Wanted("num_customer")) json.WriteNumber("num_customer", row.NumCustomer);
                if (Wanted("days")) json.WriteNumber("days", row.Days);
                json.WriteEndObject();
            }
            if (sorted)
            {
                // A keyword sorts by its text, a date by its epoch milliseconds.
                json.WriteStartArray("sort");
                json.WriteStringValue(row.StoreId);
                json.WriteNumberValue(new DateTimeOffset(row.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds());
                json.WriteEndArray();
            }
        });
    }

    private static SinkAnswer Ids(SinkIdIndex index, string concrete, SinkSearchRequest request)
    {
        if (request.Should.Count > 0) throw new SinkQueryException($"the bench sink does not answer bool should on [{concrete}]");
        HashSet<string>? ids = null;
        foreach (var c in request.Clauses)
        {
            if (c.Type == "ids" || (c.Type == "terms" && c.Field is "_id" or "sale_id")) ids = Intersect(ids, c.Values);
            else throw new SinkQueryException($"the bench sink keeps only the ids of [{concrete}]: it cannot filter with [{c.Type}] on [{c.Field}]");
        }
        // must_not deleted: true leaves tombstones out (docs/assets.md, "Deletes"); the sink knows nothing else of a document.
        var liveOnly = false;
        foreach (var c in request.MustNot)
        {
            if (c is { Type: "terms", Field: "deleted", Values: ["true"] }) liveOnly = true;
            else throw new SinkQueryException($"the bench sink keeps only the ids of [{concrete}]: it cannot exclude with [{c.Type}] on [{c.Field}]");
        }
        if (request.Source is not { Count: 0 }) throw new SinkQueryException($"the bench sink keeps only the ids of [{concrete}]: ask with \"_source\": false");
        var found = (ids is null ? index.Ids : ids.Where(index.Contains)).Where(id => !liveOnly || !index.IsTombstone(id)).Order(StringComparer.Ordinal).ToList();
        return Hits(request, concrete, found.Select(id => (id, (object)id)).ToList(), (_, _) => { });
    }

    /// <summary>Writes the search answer: the hits from <c>from</c>, at most <c>size</c>, each with its extra fields.</summary>
    private static SinkAnswer Hits(SinkSearchRequest request, string concrete, List<(string Id, object Hit)> hits, Action<Utf8JsonWriter, (string, object)> writeHit)
    {
        var page = hits.Skip(request.From).Take(request.Size).ToList();
        var answer = SinkAnswer.Json(200, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("took", 0);
            json.WriteBoolean("timed_out", false);
            json.WriteStartObject("_shards");
            json.WriteNumber("total", 1);
            json.WriteNumber("successful", 1);
            json.WriteNumber("skipped", 0);
            json.WriteNumber("failed", 0);
            json.WriteEndObject();
            json.WriteStartObject("hits");
            if (request.TrackTotalHits)
            {
                json.WriteStartObject("total");
                json.WriteNumber("value", hits.Count);
                json.WriteString("relation", "eq");
                json.WriteEndObject();
            }
            json.WriteNull("max_score");
            json.WriteStartArray("hits");
            foreach (var hit in page)
            {
                json.WriteStartObject();
                json.WriteString("_index", concrete);
                json.WriteString("_id", hit.Id);
                if (request.Sort.Count > 0) json.WriteNull("_score"); else json.WriteNumber("_score", 0.0);
                writeHit(json, hit);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }, 512 + page.Count * 300);
        answer.Hits = page.Count;
        return answer;
    }

    /// <summary>Which way the hits are sorted by their id (null: not sorted); any other sort is refused.</summary>
    private static bool? SortedBy(SinkSearchRequest request, params string[] idFields)
    {
        if (request.Sort.Count == 0) return null;
        if (request.Sort.Count > 1 || !idFields.Contains(request.Sort[0].Field))
            throw new SinkQueryException($"the bench sink sorts by [{string.Join(", ", idFields)}] only, not [{string.Join(", ", request.Sort.Select(s => s.Field))}]");
        return request.Sort[0].Descending;
    }

    private static (DateOnly? From, DateOnly? To) DayRange(SinkClause c)
    {
        DateOnly? from = c.Gte is { } gte ? SinkSearchRequest.Day(gte, c.Field) : c.Gt is { } gt ? SinkSearchRequest.Day(gt, c.Field).AddDays(1) : null;
        DateOnly? to = c.Lte is { } lte ? SinkSearchRequest.Day(lte, c.Field) : c.Lt is { } lt ? SinkSearchRequest.Day(lt, c.Field).AddDays(-1) : null;
        return (from, to);
    }

    private static HashSet<string> Intersect(HashSet<string>? current, IEnumerable<string> values)
    {
        var next = values.ToHashSet(StringComparer.Ordinal);
        if (current is not null) next.IntersectWith(current);
        return next;
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
