using System.Net;
using System.Text.Json.Nodes;
using ControlPlane.Tests.Fakes;

namespace ControlPlane.Tests.Api;

public sealed class SearchApiTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;
    private ApiTestServer _api = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearch.StartAsync();
        _api = await ApiTestServer.StartAsync(_es.Url);
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_es.SchemaViolations); // every search body the API sent conforms to Elastic's official schema
        await _api.DisposeAsync();
        await _es.DisposeAsync();
    }

    private async Task<JsonObject> GetOkAsync(string path)
    {
        var response = await _api.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static List<string> Ids(JsonObject page) => page["items"]!.AsArray().Select(i => i!["sale_id"]!.ToString()).ToList();

    [Fact]
    public async Task SalesComeNewestFirstWithOnlyTheAllowedFields()
    {
        await SalesData.IndexSalesAsync(_es, "platform_sales",
        [
            SalesData.Sale(1, "s1", "pos", 10.50m, "2026-11-20T10:00:00.000+09:00", leakCard: true),
            SalesData.Sale(2, "s1", "pos", 20m, "2026-11-21T09:00:00.000+09:00"),
            SalesData.Sale(3, "s2", "webshop", 30m, "2026-11-21T12:00:00.000+09:00"),
        ]);

        var page = await GetOkAsync("api/sales?store_id=s1");

        Assert.Equal(["platform_sales-2", "platform_sales-1"], Ids(page));
        Assert.True(page.ContainsKey("next"));
        Assert.Null(page["next"]);
        var item = page["items"]![1]!.AsObject();
        Assert.Equal(
            ["sale_id", "source", "platform", "store_id", "card_fingerprint", "card_masked", "amount_sale", "sold_at", "sold_date", "updated_at", "fraud_flagged"],
            item.Select(kv => kv.Key));
        Assert.Equal(10.50m, item["amount_sale"]!.GetValue<decimal>());
        Assert.Equal("************1111", item["card_masked"]!.ToString());
        var search = _es.Requests.Last(r => r.Path == "platform_sales/_search").Json!;
        Assert.DoesNotContain("card_number", search["_source"]!.ToJsonString());
    }

    [Fact]
    public async Task PagingWalksThreePagesWithoutGapsOrRepeatsEvenWhenSaleTimesTie()
    {
        // 25 sales, five of them at the same instant: sale_id breaks the tie, so no page boundary drops or repeats one.
        var sales = Enumerable.Range(1, 25).Select(i => SalesData.Sale(i, "s1", "pos", i, i <= 5
            ? "2026-11-21T12:00:00.000+09:00"
            : $"2026-11-{1 + i % 19:00}T{i % 24:00}:00:00.000+09:00")).ToList();
        await SalesData.IndexSalesAsync(_es, "platform_sales", sales);

        var seen = new List<string>();
        var pages = 0;
        string? next = null;
        do
        {
            var page = await GetOkAsync("api/sales?size=10" + (next is null ? "" : "&search_after=" + next));
            seen.AddRange(Ids(page));
            next = page["next"]?.GetValue<string>();
            pages++;
        } while (next is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Distinct().Count());
        var expected = sales.OrderByDescending(s => DateTimeOffset.Parse(s["sold_at"]!.ToString())).ThenByDescending(s => s["sale_id"]!.ToString(), StringComparer.Ordinal)
            .Select(s => s["sale_id"]!.ToString());
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task FiltersCombinePlatformCardAmountsAndWholeLocalDays()
    {
        await SalesData.IndexSalesAsync(_es, "platform_sales",
        [
            SalesData.Sale(1, "s1", "pos", 50m, "2026-11-20T23:59:00.000+09:00"),   // the day before, in Seoul
            SalesData.Sale(2, "s1", "pos", 50m, "2026-11-21T00:00:00.000+09:00"),   // first instant of the day
            SalesData.Sale(3, "s1", "pos", 50m, "2026-11-21T23:59:59.000+09:00"),   // last second of the day
            SalesData.Sale(4, "s1", "pos", 50m, "2026-11-22T00:00:00.000+09:00"),   // the next day
            SalesData.Sale(5, "s1", "webshop", 50m, "2026-11-21T12:00:00.000+09:00"),
            SalesData.Sale(6, "s1", "pos", 500m, "2026-11-21T12:00:00.000+09:00"),
            SalesData.Sale(7, "s1", "pos", 50m, "2026-11-21T12:00:00.000+09:00", SalesData.OtherFingerprint),
        ]);

        var day = await GetOkAsync($"api/sales?platform=POS&from=2026-11-21&to=2026-11-21&max_amount=100&card_fingerprint={SalesData.Fingerprint}");
        Assert.Equal(["platform_sales-3", "platform_sales-2"], Ids(day));

        var window = await GetOkAsync("api/sales?from=2026-11-21T12:00:00%2B09:00&to=2026-11-21T12:00:00&min_amount=100");
        Assert.Equal(["platform_sales-6"], Ids(window));
    }

    [Fact]
    public async Task FraudListsFlaggedSalesWithTheRuleAndItsReasons()
    {
        await SalesData.IndexSalesAsync(_es, "platform_fraud_sales",
        [
            SalesData.Flagged(SalesData.Sale(8, "s1", "pos", 900m, "2026-11-21T10:00:00.000+09:00", leakCard: true)),
            SalesData.Flagged(SalesData.Sale(9, "s2", "pos", 900m, "2026-11-21T11:00:00.000+09:00")),
        ]);

        var page = await GetOkAsync("api/fraud?store_id=s1&from=2026-11-21&to=2026-11-21");

        var item = Assert.Single(page["items"]!.AsArray())!.AsObject();
        Assert.Equal("platform_sales-8", item["sale_id"]!.ToString());
        Assert.Equal("aov-spike-repeat", item["rule_id"]!.ToString());
        Assert.Equal(1, item["rule_version"]!.GetValue<int>());
        Assert.Equal(2, item["reasons"]!.AsArray().Count);
        Assert.Equal(100.0, item["weekly_aov"]!.GetValue<double>());
        Assert.Equal(3, item["repeat_count"]!.GetValue<int>());
        Assert.DoesNotContain("card_number", item.ToJsonString());
    }

    [Fact]
    public async Task DailyAndWeeklyAovAreTheStoresDaysInOrder()
    {
        await SalesData.IndexAsync(_es, "platform_sales_per_price",
        [
            ("s1-21", new JsonObject { ["store_id"] = "s1", ["date"] = "2026-11-21", ["total_sale"] = 300.0, ["num_customer"] = 3, ["unit_price"] = 100.0 }),
            ("s1-20", new JsonObject { ["store_id"] = "s1", ["date"] = "2026-11-20", ["total_sale"] = 100.0, ["num_customer"] = 2, ["unit_price"] = 50.0 }),
            ("s1-19", new JsonObject { ["store_id"] = "s1", ["date"] = "2026-11-19", ["total_sale"] = 10.0, ["num_customer"] = 1, ["unit_price"] = 10.0 }),
            ("s2-20", new JsonObject { ["store_id"] = "s2", ["date"] = "2026-11-20", ["total_sale"] = 7.0, ["num_customer"] = 1, ["unit_price"] = 7.0 }),
        ]);
        await SalesData.IndexAsync(_es, "platform_sales_week_per_price",
        [
            ("s1-21", new JsonObject { ["store_id"] = "s1", ["date"] = "2026-11-21", ["week_aov"] = 82.0, ["total_sale"] = 410.0, ["num_customer"] = 5, ["days"] = 3 }),
        ]);

        var daily = await GetOkAsync("api/stores/s1/aov/daily?from=2026-11-20&to=2026-11-21");
        Assert.Equal(
            """[{"store_id":"s1","date":"2026-11-20","total_sale":100,"num_customer":2,"unit_price":50},{"store_id":"s1","date":"2026-11-21","total_sale":300,"num_customer":3,"unit_price":100}]""",
            daily["items"]!.ToJsonString());

        var weekly = await GetOkAsync("api/stores/s1/aov/weekly?from=2026-11-21&to=2026-11-21");
        Assert.Equal("""[{"store_id":"s1","date":"2026-11-21","week_aov":82,"total_sale":410,"num_customer":5}]""", weekly["items"]!.ToJsonString());
    }

    [Fact]
    public async Task BeforeTheFirstLoadTheAnswerIsEmptyNotAnError()
    {
        var page = await GetOkAsync("api/sales");
        Assert.Empty(page["items"]!.AsArray());
        Assert.Empty((await GetOkAsync("api/stores/s1/aov/daily?from=2026-11-01&to=2026-11-30"))["items"]!.AsArray());
    }

    [Theory]
    [InlineData("api/sales?store=s1", "store")]
    [InlineData("api/sales?size=0", "size")]
    [InlineData("api/sales?size=1001", "size")]
    [InlineData("api/sales?size=ten", "size")]
    [InlineData("api/sales?from=21/11/2026", "from")]
    [InlineData("api/sales?to=2026-13-01", "to")]
    [InlineData("api/sales?from=2026-11-22&to=2026-11-21", "from")]
    [InlineData("api/sales?min_amount=abc", "min_amount")]
    [InlineData("api/sales?min_amount=200&max_amount=100", "min_amount")]
    [InlineData("api/sales?card_fingerprint=4111111111111111", "card_fingerprint")]
    [InlineData("api/sales?search_after=not-a-token", "search_after")]
    [InlineData("api/sales?search_after=WyJhIiwiYiJd", "search_after")]
    [InlineData("api/fraud?platform=pos", "platform")]
    [InlineData("api/stores/s1/aov/daily?to=2026-11-21", "from")]
    [InlineData("api/stores/s1/aov/weekly?from=2026-11-21", "to")]
    [InlineData("api/stores/s1/aov/weekly?from=2026-11-21&to=2026-11-22&size=5", "size")]
    public async Task BadParametersAre400ProblemsNamingTheParameter(string path, string parameter)
    {
        var response = await _api.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.Equal(parameter, problem["parameter"]!.ToString());
        Assert.StartsWith(parameter + ": ", problem["detail"]!.ToString());
        Assert.DoesNotContain(_es.Requests, r => r.Path.EndsWith("_search", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnElasticsearchErrorIs502WithItsReason()
    {
        _es.FailNext("POST", "platform_sales/_search", 400, type: "search_phase_execution_exception", reason: "all shards failed");

        var response = await _api.Client.GetAsync("api/sales");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("all shards failed", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.ToString());
    }
}
