using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Loading;
using ControlPlane.Tests.Aov;
using ControlPlane.Tests.Loading;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Tests.Live;

/// <summary>
/// The golden AOV cases of issue 8 (Aov/AovGoldenTests.cs) against a real cluster whose assets are applied (ES_URL, with
/// ES_API_KEY or ES_USERNAME/ES_PASSWORD): the real transforms compute the daily and weekly rows of private stores
/// (a fresh store prefix per run), which must equal what MySQL says, by Seoul day, after loads that add, delete, move
/// and re-price sales. The transforms run on their own schedule (frequency 1m, delay 60s): each phase asks them to run
/// now and then polls their output until it matches or a deadline passes. Everything written is removed afterwards.
/// </summary>
[Trait("Category", "Live")]
public sealed class AovLiveTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(6);

    [LiveFact]
    public async Task DailyAndWeeklyRowsFollowDeletesMovesAndRepricesByTheSeoulDay()
    {
        await LiveStack.EnsureAsync();
        await using var h = await LoaderHarness.StartAsync();
        var prefix = $"live-{Guid.NewGuid():N}"[..13];
        string S(int n) => $"{prefix}-S{n}";
        var source = h.Source();
        source.Name = $"live_{Guid.NewGuid():N}"[..20];
        var (services, loads, es) = Services(h);
        await using var _ = services;
        try
        {
            async Task<long> Sale(int store, int card, decimal amount, DateTime soldAt, int second) =>
                await h.InsertSaleAsync(S(store), LoaderHarness.Card(card), amount, soldAt, h.Base.AddSeconds(second));
            Task Update(long id, string set, int second) =>
                h.Db.ExecuteAsync($"UPDATE platform_sales SET {set}, updated_at = @u WHERE id = @id", ("@u", LoaderHarness.Text(h.Base.AddMinutes(1).AddSeconds(second))), ("@id", id));

            // Around the Seoul midnights of 2026-11-21 (a UTC reading would move them a day), then deletes, moves, a re-price.
            var deleted = await Sale(1, 1, 100m, AovHarness.Local(20, 23, 59), 1);
            await Sale(1, 2, 50m, AovHarness.Local(21, 0, 30), 2);
            var movedStore = await Sale(1, 3, 70m, AovHarness.Local(21, 12), 3);
            var movedDay = await Sale(2, 4, 30m, AovHarness.Local(21, 13), 4);
            var repriced = await Sale(2, 5, 40m, AovHarness.Local(22, 0, 1), 5);
            await LoadAsync(loads, source);
            await UntilTransformsAgreeAsync(es, h, prefix);

            await Update(deleted, "deleted_at = NOW(6)", 1);
            await Update(movedStore, $"store_id = '{S(2)}'", 2);
            await Update(movedDay, $"sold_at = '{LoaderHarness.Text(AovHarness.Local(24, 8))}'", 3);
            await Update(repriced, "amount_sale = 45", 4);
            await LoadAsync(loads, source);
            await UntilTransformsAgreeAsync(es, h, prefix);

            // A deleted sale cannot come back: an older write of it is refused (its tombstone keeps the version).
            var id = SaleMapper.SaleIdOf(source.Name, deleted);
            var older = new JsonObject { ["sale_id"] = id, ["source"] = source.Name, ["store_id"] = S(1), ["amount_sale"] = 100, ["sold_at"] = "2026-11-20T23:59:00.000+09:00" };
            var write = await es.SendAsync(HttpMethod.Put, $"{IndexNames.Sales}/_doc/{id}?version=1&version_type=external_gte", older, default);
            Assert.Equal(HttpStatusCode.Conflict, write.Status);
        }
        finally
        {
            foreach (var index in new[] { IndexNames.Sales, IndexNames.FraudSales, IndexNames.DeadLetter })
                await es.SendAsync(HttpMethod.Post, $"{index}/_delete_by_query?ignore_unavailable=true&refresh=true", Term("source", source.Name), default);
            foreach (var index in new[] { IndexNames.DailyAov, IndexNames.WeeklyAov })
                await es.SendAsync(HttpMethod.Post, $"{index}/_delete_by_query?ignore_unavailable=true&refresh=true", StorePrefix(prefix), default);
            await es.SendAsync(HttpMethod.Delete, $"{IndexNames.LoaderState}/_doc/{source.Name}", null, default);
        }
    }

    private static (ServiceProvider Services, LoadService Loads, ElasticsearchGateway Es) Services(LoaderHarness h)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MYSQL_CONNECTION"] = h.Db.ConnectionString,
            ["CARD_HMAC_KEY"] = Environment.GetEnvironmentVariable("CARD_HMAC_KEY") ?? LoaderHarness.CardKey,
            ["CONTROLPLANE_ROOT"] = h.Root.Path,
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging().AddControlPlane(config).BuildServiceProvider();
        return (services, services.GetRequiredService<LoadService>(), services.GetRequiredService<ElasticsearchGateway>());
    }

    private static async Task LoadAsync(LoadService loads, Sources.SourceDefinition source)
    {
        var result = await loads.LoadAsync(source, null, default);
        Assert.True(result.Status == LoadStatus.Succeeded, result.Summary());
    }

    /// <summary>
    /// Asks both transforms to run now (again on each poll, since the sales need their sync delay to pass) until the daily
    /// rows of the private stores equal MySQL's figures by Seoul day and the weekly rows the sums of those; fails with the
    /// last difference at the deadline.
    /// </summary>
    private static async Task UntilTransformsAgreeAsync(ElasticsearchGateway es, LoaderHarness h, string prefix)
    {
        var started = DateTimeOffset.UtcNow;
        var difference = "";
        while (DateTimeOffset.UtcNow - started < Deadline)
        {
            foreach (var alias in new[] { IndexNames.DailyAov, IndexNames.WeeklyAov })
                await es.SendAsync(HttpMethod.Post, $"_transform/{await TransformOfAsync(es, alias)}/_schedule_now", null, default);
            await es.SendOrThrowAsync(HttpMethod.Post, $"{IndexNames.DailyAov},{IndexNames.WeeklyAov}/_refresh", null, default);
            var expected = (await ExpectedDailyAsync(h)).Where(kv => kv.Key.Store.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key, kv => kv.Value);
            var daily = (await RowsAsync(es, IndexNames.DailyAov, prefix)).ToDictionary(
                r => (r["store_id"]!.ToString(), AovHarness.SeoulDay(r["date"]!)), r => (Number(r["total_sale"]), (long)Number(r["num_customer"])));
            var weekly = (await RowsAsync(es, IndexNames.WeeklyAov, prefix)).ToDictionary(
                r => (r["store_id"]!.ToString(), DateOnly.ParseExact(r["date"]!.ToString()[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture)),
                r => (Number(r["total_sale"]), (long)Number(r["num_customer"])));
            difference = Difference(expected, daily, weekly);
            if (difference.Length == 0) return;
            await Task.Delay(TimeSpan.FromSeconds(10)); // a real cluster's own schedule: poll, with the deadline above
        }
        Assert.Fail($"the transforms did not agree with MySQL within {Deadline}: {difference}");
    }

    private static string Difference(Dictionary<(string Store, DateOnly Day), (double Total, long Cards)> expected,
        Dictionary<(string, DateOnly), (double, long)> daily, Dictionary<(string, DateOnly), (double, long)> weekly)
    {
        foreach (var (key, row) in daily)
            if (expected.GetValueOrDefault(key) != row) return $"daily {key}: {row} in the index, {expected.GetValueOrDefault(key)} in MySQL";
        foreach (var key in expected.Keys.Where(k => !daily.ContainsKey(k))) return $"daily {key}: missing";
        foreach (var (key, row) in weekly)
            if (AovHarness.Window(expected, key.Item1, key.Item2) != row) return $"weekly {key}: {row} in the index, {AovHarness.Window(expected, key.Item1, key.Item2)} from MySQL";
        foreach (var (store, day) in expected.Keys.Where(k => !weekly.ContainsKey((k.Store, k.Day.AddDays(3))))) return $"weekly ({store}, {day.AddDays(3)}): missing";
        return "";
    }

    private static async Task<string> TransformOfAsync(ElasticsearchGateway es, string alias)
    {
        var aliases = await es.SendOrThrowAsync(HttpMethod.Get, $"_alias/{alias}", null, default);
        var index = ((JsonObject)aliases!).First().Key;
        var transforms = await es.SendOrThrowAsync(HttpMethod.Get, "_transform?size=100", null, default);
        return (transforms!["transforms"] as JsonArray ?? []).OfType<JsonObject>().Single(t => t["dest"]?["index"]?.ToString() == index)["id"]!.ToString();
    }

    private static async Task<List<JsonObject>> RowsAsync(ElasticsearchGateway es, string alias, string prefix)
    {
        var body = new JsonObject { ["size"] = 1000, ["query"] = StorePrefix(prefix)["query"]!.DeepClone() };
        var answer = await es.SendOrThrowAsync(HttpMethod.Post, $"{alias}/_search", body, default);
        return (answer?["hits"]?["hits"] as JsonArray ?? []).Select(hit => (JsonObject)hit!["_source"]!).ToList();
    }

    private static Task<Dictionary<(string Store, DateOnly Day), (double Total, long Cards)>> ExpectedDailyAsync(LoaderHarness h) =>
        AovHarness.ExpectedDailyAsync(h.Db);

    private static double Number(JsonNode? n) => n is null ? 0 : double.Parse(n.ToJsonString().Trim('"'), CultureInfo.InvariantCulture);

    private static JsonObject Term(string field, string value) =>
        new() { ["query"] = new JsonObject { ["term"] = new JsonObject { [field] = value } } };

    private static JsonObject StorePrefix(string prefix) =>
        new() { ["query"] = new JsonObject { ["prefix"] = new JsonObject { ["store_id"] = prefix } } };
}
