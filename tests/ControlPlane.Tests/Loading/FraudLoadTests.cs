using System.Globalization;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Loading;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Loading;

/// <summary>The fraud rule as the loader applies it: lookups in the (fake) cluster, pages in flight, runs one after another.</summary>
public sealed class FraudLoadTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;
    private DateOnly _d;

    public async Task InitializeAsync()
    {
        _h = await LoaderHarness.StartAsync();
        _d = DateOnly.FromDateTime(_h.Base).AddDays(-3);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private DateTime At(int dayOffset, int hour) => _d.AddDays(dayOffset).ToDateTime(new TimeOnly(hour, 0));

    /// <summary>Weekly AOV documents as the transform writes them, one per (store, day).</summary>
    private async Task PutWeeklyAovAsync(string store, double aov, params DateOnly[] days)
    {
        var es = TestClients.Elasticsearch(_h.Es.Url);
        foreach (var day in days)
        {
            var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await es.SendOrThrowAsync(HttpMethod.Put, $"{IndexNames.WeeklyAov}/_doc/{store}-{date}", new JsonObject
            {
                ["store_id"] = store, ["date"] = date, ["week_aov"] = aov, ["total_sale"] = aov * 10, ["num_customer"] = 10, ["days"] = 7,
            }, default);
        }
    }

    [Fact]
    public async Task FlagsExactlyTheRightSalesAcrossTwoPagesOfOneRunBeforeAnyIsSearchable()
    {
        await PutWeeklyAovAsync("S1", 100, _d.AddDays(-3), _d.AddDays(-2), _d.AddDays(-1));
        var card = LoaderHarness.Card(1);
        var s1 = await _h.InsertSaleAsync("S1", card, 250m, At(-2, 10), _h.Base);
        var s2 = await _h.InsertSaleAsync("S1", card, 250m, At(-1, 10), _h.Base.AddSeconds(1));
        var s3 = await _h.InsertSaleAsync("S1", card, 250m, At(0, 10), _h.Base.AddSeconds(2)); // page 2: the third payment
        var small = await _h.InsertSaleAsync("S1", card, 20m, At(0, 11), _h.Base.AddSeconds(3));

        // Hold every bulk request until both pages were checked (one search of platform_sales each): page 1 is not in the
        // cluster when page 2 is checked.
        var searches = 0;
        var bothChecked = new TaskCompletionSource();
        var loader = _h.Loader(beforeSend: async (request, ct) =>
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith($"/{IndexNames.Sales}/_search", StringComparison.Ordinal) && Interlocked.Increment(ref searches) == 2) bothChecked.TrySetResult();
            if (path.EndsWith("/_bulk", StringComparison.Ordinal)) await bothChecked.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        });

        var result = await loader.LoadAsync(_h.Source(pageRows: 2), null, default);

        Assert.Equal((LoadStatus.Succeeded, 4L, 1L), (result.Status, result.Indexed, result.Flagged));
        var flagged = Assert.Single(_h.Es.DocumentsOf(IndexNames.FraudSales));
        Assert.Equal($"platform_sales-{s3}", flagged.Id);
        var f = flagged.Source;
        Assert.Equal("aov-spike-repeat", f["rule_id"]!.ToString());
        Assert.Equal(1, f["rule_version"]!.GetValue<int>());
        Assert.Equal(100d, f["weekly_aov"]!.GetValue<double>());
        Assert.Equal(3, f["repeat_count"]!.GetValue<int>());
        Assert.Equal(2, f["reasons"]!.AsArray().Count);
        Assert.Contains("2 × the weekly AOV 100.00 of store S1", f["reasons"]![0]!.ToString());
        Assert.True(f["fraud_flagged"]!.GetValue<bool>());
        Assert.Equal(250m, f["amount_sale"]!.GetValue<decimal>());
        Assert.NotNull(f["flagged_at"]);
        Assert.Equal(flagged.Version, _h.Docs(IndexNames.Sales)[flagged.Id].Version);

        var sales = _h.Docs(IndexNames.Sales);
        Assert.True(sales[$"platform_sales-{s3}"].Source["fraud_flagged"]!.GetValue<bool>());
        foreach (var id in new[] { s1, s2, small }) Assert.False(sales[$"platform_sales-{id}"].Source["fraud_flagged"]!.GetValue<bool>());
        Assert.Empty(_h.Es.SchemaViolations);
    }

    [Fact]
    public async Task SalesOfEarlierRunsCountAndTheBoundariesAreNotFlagged()
    {
        await PutWeeklyAovAsync("S1", 100, _d.AddDays(-3), _d.AddDays(-2), _d.AddDays(-1));
        string a = LoaderHarness.Card(1), b = LoaderHarness.Card(2), c = LoaderHarness.Card(3);
        await _h.InsertSaleAsync("S1", a, 250m, At(-2, 10), _h.Base);
        await _h.InsertSaleAsync("S1", a, 250m, At(-1, 10), _h.Base.AddSeconds(1));
        await _h.InsertSaleAsync("S1", b, 200m, At(-2, 10), _h.Base.AddSeconds(2)); // exactly 2 × AOV
        await _h.InsertSaleAsync("S1", b, 200m, At(-1, 10), _h.Base.AddSeconds(3));
        await _h.InsertSaleAsync("S1", c, 300m, At(-1, 10), _h.Base.AddSeconds(4)); // only two payments in all
        await _h.Loader().LoadAsync(_h.Source(), null, default);
        Assert.Empty(_h.Es.DocumentsOf(IndexNames.FraudSales));

        var third = await _h.InsertSaleAsync("S1", a, 250m, At(0, 10), _h.Base.AddMinutes(10));
        await _h.InsertSaleAsync("S1", b, 200m, At(0, 10), _h.Base.AddMinutes(10).AddSeconds(1));
        await _h.InsertSaleAsync("S1", c, 300m, At(0, 10), _h.Base.AddMinutes(10).AddSeconds(2));
        await _h.InsertSaleAsync("S2", a, 250m, At(0, 11), _h.Base.AddMinutes(10).AddSeconds(3)); // a store without weekly AOV
        var second = await _h.Loader().LoadAsync(_h.Source(overlap: "0s"), null, default);

        Assert.Equal(1, second.Flagged);
        Assert.Equal(new[] { $"platform_sales-{third}" }, _h.Es.DocumentsOf(IndexNames.FraudSales).Select(d => d.Id));
        Assert.Equal(1, _h.Es.DocumentsOf(IndexNames.Sales).Count(d => d.Source["fraud_flagged"]!.GetValue<bool>()));
        Assert.Equal(1, (await _h.StateAsync())!.TotalRowsFlagged);
    }

    [Fact]
    public async Task ASaleThatNoLongerMatchesAfterAnUpdateLeavesTheFraudIndex()
    {
        await PutWeeklyAovAsync("S1", 100, _d.AddDays(-1));
        var card = LoaderHarness.Card(1);
        await _h.InsertSaleAsync("S1", card, 250m, At(0, 8), _h.Base);
        await _h.InsertSaleAsync("S1", card, 250m, At(0, 9), _h.Base.AddSeconds(1));
        var third = await _h.InsertSaleAsync("S1", card, 250m, At(0, 10), _h.Base.AddSeconds(2));
        await _h.Loader().LoadAsync(_h.Source(), null, default);
        Assert.Single(_h.Es.DocumentsOf(IndexNames.FraudSales));

        await _h.Db.ExecuteAsync("UPDATE platform_sales SET amount_sale = 25, updated_at = @u WHERE id = @id",
            ("@u", LoaderHarness.Text(_h.Base.AddMinutes(20))), ("@id", third));
        await _h.Loader().LoadAsync(_h.Source(overlap: "0s"), null, default);

        Assert.Empty(await _h.FoundAsync(IndexNames.FraudSales));
        Assert.False(_h.Docs(IndexNames.Sales)[$"platform_sales-{third}"].Source["fraud_flagged"]!.GetValue<bool>());
    }

    [Fact]
    public async Task LookupRequestsPerPageDoNotGrowWithThePageSize()
    {
        await PutWeeklyAovAsync("S1", 100, _d.AddDays(-1));
        for (var i = 0; i < 100; i++) await _h.InsertSaleAsync($"S{i % 7}", LoaderHarness.Card(i), 10m + i, At(i % 3, 10), _h.Base.AddSeconds(i));
        await using var big = await LoaderHarness.StartAsync();
        for (var i = 0; i < 100; i++) await big.InsertSaleAsync($"S{i % 7}", LoaderHarness.Card(i), 10m + i, At(i % 3, 10), big.Base.AddSeconds(i));

        var small = await _h.Loader().LoadAsync(_h.Source(pageRows: 10), null, default);
        var large = await big.Loader().LoadAsync(big.Source(pageRows: 100), null, default);

        Assert.Equal((100L, 100L), (small.Indexed, large.Indexed));
        int Searches(LoaderHarness h, string index) => h.Es.Requests.Count(r => r.Path.Trim('/') == $"{index}/_search");
        // Per page one search of the sales (same card and amount, and the page's own ids with their fraud_flagged); the
        // weekly AOV once per run for each (store, day): at most once a page, only for pairs no earlier page asked.
        Assert.Equal((10, 1), (Searches(_h, IndexNames.Sales), Searches(big, IndexNames.Sales)));
        Assert.InRange(Searches(_h, IndexNames.WeeklyAov), 1, 10);
        Assert.Equal(1, Searches(big, IndexNames.WeeklyAov));
        Assert.Equal((0, 0), (Searches(_h, IndexNames.FraudSales), Searches(big, IndexNames.FraudSales)));
        Assert.Equal(_h.Es.Requests.Count(r => r.Path.EndsWith("/_search", StringComparison.Ordinal)), Searches(_h, IndexNames.Sales) + Searches(_h, IndexNames.WeeklyAov));
        Assert.Empty(_h.Es.SchemaViolations);
        Assert.Empty(big.Es.SchemaViolations);
    }
}
