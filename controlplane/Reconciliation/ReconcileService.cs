using System.Globalization;
using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Elastic;
using ControlPlane.Fraud;
using ControlPlane.Loading;
using ControlPlane.Sources;

namespace ControlPlane.Reconciliation;

/// <summary>
/// Compares what MySQL holds with what Elasticsearch holds, per source, store and local day: count and sum of good sales,
/// rows dead-lettered, sales flagged. The MySQL side maps every row with the loader's own <see cref="SaleMapper"/> and
/// recomputes the flags with the pure <see cref="FraudCheck"/> (over the sales of the window before the range too, and the
/// weekly AOV the transform wrote); the Elasticsearch side reads <c>platform_sales</c> and the dead letters of rows that
/// are not (or no longer) sales. <see cref="RepairAsync"/> backfills exactly the days that differ.
/// </summary>
public sealed class ReconcileService(ElasticsearchGateway es, ChangeReader reader, LoadService loads, AssetRoot root)
{
    private const int PageSize = 1000;

    /// <summary>The store-days of <paramref name="source"/> in [<paramref name="from"/>, <paramref name="to"/>] (all days when null) that differ.</summary>
    public async Task<IReadOnlyList<DayDifference>> CompareAsync(SourceDefinition source, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var mySql = await MySqlFiguresAsync(source, from, to, ct).ConfigureAwait(false);
        var elastic = await ElasticsearchFiguresAsync(source, from, to, ct).ConfigureAwait(false);
        return mySql.Keys.Union(elastic.Keys).Order()
            .Select(day => new DayDifference(day, mySql.GetValueOrDefault(day, DayFigures.None), elastic.GetValueOrDefault(day, DayFigures.None)))
            .Where(d => d.MySql != d.Elasticsearch)
            .ToList();
    }

    /// <summary>Backfills each local day of <paramref name="differences"/> once (all its stores); the results of those runs.</summary>
    public async Task<IReadOnlyList<LoadResult>> RepairAsync(SourceDefinition source, IReadOnlyList<DayDifference> differences, CancellationToken ct)
    {
        var results = new List<LoadResult>();
        foreach (var day in differences.Select(d => d.Day.Day).Distinct().Order())
        {
            var start = day.ToDateTime(TimeOnly.MinValue);
            results.Add(await loads.BackfillAsync(source, start, BackfillRange.EndOf(day), null, ct).ConfigureAwait(false));
        }
        // Make the repair visible to the next comparison (a refresh is what a search waits for anyway).
        await es.RefreshAsync([IndexNames.Sales, IndexNames.DeadLetter], "reconcile: refreshing before comparing", ct).ConfigureAwait(false);
        return results;
    }

    private async Task<IReadOnlyDictionary<StoreDay, DayFigures>> MySqlFiguresAsync(SourceDefinition source, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var (connectionString, cards) = loads.RequireConfiguration();
        var rules = FraudRuleCatalog.LoadEnabled(root);
        var window = rules.Where(r => r.Enabled).Select(r => r.WindowDays).DefaultIfEmpty(1).Max();
        var mapper = new SaleMapper(source, cards);
        var figures = new FiguresBuilder();
        var inRange = new List<FraudCandidate>();
        var before = new List<FraudCandidate>();

        await using var connection = await ChangeReader.OpenAsync(connectionString, ct, loads.MySqlSessionTimeZone).ConfigureAwait(false);
        var clock = await ChangeReader.ReadClockAsync(connection, source, ct).ConfigureAwait(false);
        var upper = clock.Now - source.ChangeCapture.LagDuration;
        // The fraud rule counts the payments of the window before a sale: read those days too, count only the range.
        var readFrom = from?.AddDays(-(window - 1)).ToDateTime(TimeOnly.MinValue);
        var changeWindow = from is null || to is null
            ? new ChangeWindow(ChangeKey.Start, upper) { Clock = clock }
            : new ChangeWindow(ChangeKey.Start, upper, readFrom, BackfillRange.EndOf(to.Value)) { Clock = clock };
        await foreach (var page in reader.ReadAsync(connection, source, changeWindow, ct).ConfigureAwait(false))
        {
            foreach (var row in page.Rows)
            {
                switch (mapper.Map(row))
                {
                    case SaleRow { Sale: var sale }:
                        var candidate = new FraudCandidate(sale.SaleId, sale.StoreId, sale.CardFingerprint, sale.AmountSale, sale.SoldAt, sale.SoldDate);
                        (InRange(sale.SoldDate, from, to) ? inRange : before).Add(candidate);
                        break;
                    case BadRow bad when bad.Row.SoldAt is { } soldAt && InRange(DateOnly.FromDateTime(soldAt), from, to):
                        figures.DeadLetter(new StoreDay(source.Name, bad.Row.StoreId ?? "", DateOnly.FromDateTime(soldAt)));
                        break;
                }
            }
        }

        var aov = await WeeklyAovAsync(inRange, ct).ConfigureAwait(false);
        var verdicts = FraudCheck.Evaluate(rules, inRange, new FraudLookup(aov, before));
        for (var i = 0; i < inRange.Count; i++)
            figures.Sale(new StoreDay(source.Name, inRange[i].StoreId, inRange[i].SoldDate), inRange[i].Amount, verdicts[i] is not null);
        return figures.Build();
    }

    private async Task<IReadOnlyDictionary<StoreDay, DayFigures>> ElasticsearchFiguresAsync(SourceDefinition source, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var figures = new FiguresBuilder();
        var sales = new HashSet<string>(StringComparer.Ordinal);
        var filter = new JsonArray(new JsonObject { ["term"] = new JsonObject { [SaleFields.Source] = source.Name } });
        if (from is not null && to is not null)
            filter.Add(new JsonObject { ["range"] = new JsonObject { [SaleFields.SoldDate] = new JsonObject { ["gte"] = Text(from.Value), ["lte"] = Text(to.Value) } } });
        await foreach (var hit in ScanAsync(IndexNames.Sales, filter.DeepClone().AsArray(), [SaleFields.SaleId, SaleFields.StoreId, SaleFields.SoldDate, SaleFields.AmountSale, SaleFields.FraudFlagged], SaleFields.SaleId, ct).ConfigureAwait(false))
        {
            sales.Add(hit[SaleFields.SaleId]!.ToString());
            var day = DateOnly.ParseExact(hit[SaleFields.SoldDate]!.ToString()[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            figures.Sale(new StoreDay(source.Name, hit[SaleFields.StoreId]?.ToString() ?? "", day), hit[SaleFields.AmountSale]!.GetValue<decimal>(), hit[SaleFields.FraudFlagged]?.GetValue<bool>() == true);
        }

        // A dead letter counts while its row is not a sale: a row fixed and indexed since keeps its old dead letter as history.
        var counted = new HashSet<string>(StringComparer.Ordinal);
        var deadFilter = new JsonArray(new JsonObject { ["term"] = new JsonObject { [SaleFields.Source] = source.Name } });
        await foreach (var hit in ScanAsync(IndexNames.DeadLetter, deadFilter, ["source_key", "raw"], "source_key", ct).ConfigureAwait(false))
        {
            var key = hit["source_key"]!.ToString();
            if (sales.Contains(SaleMapper.SaleIdOf(source.Name, long.Parse(key, CultureInfo.InvariantCulture))) || !counted.Add(key)) continue;
            var raw = hit["raw"] as JsonObject;
            if (raw?[source.Columns.SoldAt]?.ToString() is not { Length: >= 10 } soldAt) continue;
            var day = DateOnly.ParseExact(soldAt[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (InRange(day, from, to)) figures.DeadLetter(new StoreDay(source.Name, raw[source.Columns.StoreId]?.ToString() ?? "", day));
        }
        return figures.Build();
    }

    /// <summary>The weekly AOV of every (store, day before) of <paramref name="sales"/>, as the transform wrote it.</summary>
    private async Task<Dictionary<(string, DateOnly), double>> WeeklyAovAsync(IReadOnlyList<FraudCandidate> sales, CancellationToken ct)
    {
        var aov = new Dictionary<(string, DateOnly), double>();
        if (sales.Count == 0) return aov;
        var first = sales.Min(s => s.SoldDate).AddDays(-1);
        var last = sales.Max(s => s.SoldDate);
        var filter = new JsonArray(new JsonObject { ["range"] = new JsonObject { [AovFields.Date] = new JsonObject { ["gte"] = Text(first), ["lte"] = Text(last) } } });
        await foreach (var hit in ScanAsync(IndexNames.WeeklyAov, filter, [AovFields.StoreId, AovFields.Date, AovFields.WeekAov], AovFields.Date, ct, tieBreaker: AovFields.StoreId).ConfigureAwait(false))
        {
            if (hit[AovFields.WeekAov] is null) continue;
            var day = DateOnly.ParseExact(hit[AovFields.Date]!.ToString()[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            aov[(hit[AovFields.StoreId]!.ToString(), day)] = hit[AovFields.WeekAov]!.GetValue<double>();
        }
        return aov;
    }

    /// <summary>Every hit's <c>_source</c> matching <paramref name="filter"/>, page by page with <c>search_after</c>; a missing index reads as empty.</summary>
    private async IAsyncEnumerable<JsonObject> ScanAsync(string index, JsonArray filter, string[] fields, string sortField,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct, string tieBreaker = "_doc")
    {
        JsonArray? after = null;
        while (true)
        {
            var body = new JsonObject
            {
                ["size"] = PageSize,
                // Tombstones (deleted, bad or moved-away sales, docs/assets.md "Deletes") are not sales.
                ["query"] = new JsonObject { ["bool"] = new JsonObject { ["filter"] = filter.DeepClone(), ["must_not"] = new JsonArray(Tombstone.Match()) } },
                ["sort"] = new JsonArray(new JsonObject { [sortField] = new JsonObject { ["order"] = "asc" } }, new JsonObject { [tieBreaker] = new JsonObject { ["order"] = "asc" } }),
                ["_source"] = new JsonArray(fields.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
            };
            if (after is not null) body["search_after"] = after.DeepClone();
            var answer = await es.SearchAsync(index, body, $"reconcile: reading {index}", ct).ConfigureAwait(false);
            var hits = answer?["hits"]?["hits"] as JsonArray ?? [];
            foreach (var hit in hits)
                if (hit?["_source"] is JsonObject source) yield return source;
            if (hits.Count < PageSize) yield break;
            after = hits[^1]!["sort"]!.AsArray();
        }
    }

    private static bool InRange(DateOnly day, DateOnly? from, DateOnly? to) => (from is null || day >= from) && (to is null || day <= to);

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
