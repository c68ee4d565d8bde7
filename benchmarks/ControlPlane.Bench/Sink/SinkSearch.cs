using System.Globalization;
using System.Text.Json;
using ControlPlane.ElasticRules;

namespace ControlPlane.Bench;

/// <summary>
/// <c>POST INDEX/_search</c> over what was indexed: sales (<c>platform_sales</c>), the weekly AOV rows computed from the
/// indexed sales as the transforms would (<c>platform_sales_week_per_price</c>), and the ids of flagged sales and dead
/// letters. The request is read, and every hit chosen, sorted, paged and filtered by the shared Elasticsearch rules
/// (tests/ControlPlane.ElasticRules, the tests' fake answers with the same code); the sink only proposes candidates from
/// its indexes (a card's chain of sales, the id map, the (store, day) totals). What it cannot answer exactly — a field it
/// does not keep, a body key it does not read, an unknown query — is refused with a 400 naming it, never answered wrongly.
/// </summary>
internal static class SinkSearch
{
    /// <summary>The body keys the sink reads; any other is refused by name.</summary>
    private static readonly HashSet<string> AnsweredKeys = new(StringComparer.Ordinal)
        { "size", "from", "track_total_hits", "_source", "search_after", "query", "sort", "timeout" };

    public static SinkAnswer Run(SinkStore store, string indices, ReadOnlyMemory<byte> body, bool ignoreUnavailable)
    {
        var names = indices.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length != 1) return SinkAnswer.Error(400, "illegal_argument_exception", $"the bench sink searches one index at a time, not [{indices}]");
        var name = names[0];
        var kind = SinkIndices.Kind(name);
        var concrete = SinkIndices.Concrete(name);
        try
        {
            var request = SearchRequest.Parse(body);
            if (request.Keys.FirstOrDefault(k => !AnsweredKeys.Contains(k)) is { } unanswered)
                throw new QueryParsingException($"the bench sink does not answer [{unanswered}] in a search body");
            lock (store.Sync)
            {
                var alias = SinkIndices.Alias(name) ?? name;
                var answer = kind switch
                {
                    SinkIndexKind.Sales => Sales(store.Sales, concrete, request),
                    SinkIndexKind.WeeklyAov => Weekly(store.Sales, concrete, request),
                    SinkIndexKind.FraudSales => Ids(store.FraudSales, concrete, request),
                    SinkIndexKind.DeadLetter => Ids(store.DeadLetters, concrete, request),
                    SinkIndexKind.Other when ignoreUnavailable => Hits(request, concrete, new SearchPage<string>(0, []), _ => "", (_, _) => { }),
                    SinkIndexKind.Other => SinkAnswer.Error(404, "index_not_found_exception", $"no such index [{name}]"),
                    _ => SinkAnswer.Error(400, "illegal_argument_exception", $"the bench sink does not search [{name}]: the loader never does"),
                };
                store.CountSearch(alias, answer.Hits);
                return answer;
            }
        }
        catch (QueryParsingException ex)
        {
            return SinkAnswer.Error(400, ex.Type, ex.Message);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return SinkAnswer.Error(400, "parsing_exception", ex.Message);
        }
    }

    private static SinkAnswer Sales(SinkSales sales, string concrete, SearchRequest request)
    {
        Refuse(request, concrete, SinkSales.KeptFields);
        var reader = sales.NewReader();
        var matched = QueryIndex.Matching(request.Query, sales.Candidates, reader.At);
        // Without a sort the hits come in index order, as one shard gives them.
        if (request.Sort.IsEmpty) matched.Sort();
        var page = request.Page(matched, reader.At);
        return Hits(request, concrete, page, slot => reader.At(slot).Id, (json, slot) => sales.WriteSource(json, slot, request.Source));
    }

    private static SinkAnswer Weekly(SinkSales sales, string concrete, SearchRequest request)
    {
        Refuse(request, concrete, SinkWeeklyRow.KeptFields);
        var matched = QueryIndex.Matching(request.Query, alternative => sales.Weekly(alternative.RequiredValues("store_id"), Days(alternative)), row => row);
        if (request.Sort.IsEmpty) matched = matched.OrderBy(r => r.StoreId, StringComparer.Ordinal).ThenBy(r => r.Date).ToList();
        var page = request.Page(matched, row => row);
        return Hits(request, concrete, page, row => row.Id, (json, row) =>
        {
            bool Wanted(string field) => request.Source.Includes(field);
            json.WriteStartObject();
            if (Wanted("store_id")) json.WriteString("store_id", row.StoreId);
            if (Wanted("date")) json.WriteString("date", row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (Wanted("week_aov") && row.WeekAov is { } aov) json.WriteNumber("week_aov", aov);
            if (Wanted("total_sale")) json.WriteNumber("total_sale", row.TotalSale);
            if (Wanted("num_customer")) json.WriteNumber("num_customer", row.NumCustomer);
            if (Wanted("days")) json.WriteNumber("days", row.Days);
            json.WriteEndObject();
        });
    }

    /// <summary>The window-end days an alternative requires, when each is a bare day (the rows to compute); null: every day with a row.</summary>
    private static HashSet<DateOnly>? Days(Query alternative)
    {
        if (alternative.RequiredValues("date") is not { } texts) return null;
        var days = new HashSet<DateOnly>();
        foreach (var text in texts)
        {
            if (!EsDates.TryParseDay(text, out var day)) return null;
            days.Add(day);
        }
        return days;
    }

    private static SinkAnswer Ids(SinkIdIndex index, string concrete, SearchRequest request)
    {
        Refuse(request, concrete, SinkIdIndex.KeptFields);
        if (!request.Source.IsNone) throw new QueryParsingException($"the bench sink keeps only the ids of [{concrete}]: ask with \"_source\": false");
        var reader = index.NewReader();
        var matched = QueryIndex.Matching(request.Query,
            alternative => alternative.RequiredValues("_id") is { } ids ? ids.Where(index.Contains) : index.Ids, reader.At);
        if (request.Sort.IsEmpty) matched.Sort(StringComparer.Ordinal);
        var page = request.Page(matched, reader.At);
        return Hits(request, concrete, page, id => id, (_, _) => { });
    }

    /// <summary>Refuses a query or sort on a field the sink does not keep for this index: it could only answer it wrongly.</summary>
    private static void Refuse(SearchRequest request, string concrete, IReadOnlySet<string> kept)
    {
        foreach (var field in request.Query.Fields.Concat(request.Sort.Fields.Select(f => f.Field)))
            if (!kept.Contains(field) && field is not ("_doc" or "_shard_doc"))
                throw new QueryParsingException($"the bench sink keeps no [{field}] of [{concrete}]: it cannot query or sort on it");
    }

    /// <summary>Writes the search answer: the page's hits, each with its <c>_source</c> (unless <c>_source: false</c>) and sort values.</summary>
    private static SinkAnswer Hits<T>(SearchRequest request, string concrete, SearchPage<T> page, Func<T, string> idOf, Action<Utf8JsonWriter, T> writeSource)
    {
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
                json.WriteNumber("value", page.Total);
                json.WriteString("relation", "eq");
                json.WriteEndObject();
            }
            json.WriteNull("max_score");
            json.WriteStartArray("hits");
            foreach (var (hit, keys) in page.Hits)
            {
                json.WriteStartObject();
                json.WriteString("_index", concrete);
                json.WriteString("_id", idOf(hit));
                if (keys is not null) json.WriteNull("_score"); else json.WriteNumber("_score", 0.0);
                if (!request.Source.IsNone)
                {
                    json.WritePropertyName("_source");
                    writeSource(json, hit);
                }
                if (keys is not null)
                {
                    json.WriteStartArray("sort");
                    foreach (var key in keys)
                        if (key is { } k) k.WriteSortValue(json); else json.WriteNullValue();
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }, 512 + page.Hits.Count * 300);
        answer.Hits = page.Hits.Count;
        return answer;
    }
}
