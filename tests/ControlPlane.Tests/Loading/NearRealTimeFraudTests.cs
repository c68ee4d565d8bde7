using ControlPlane.Elastic;
using ControlPlane.Loading;

namespace ControlPlane.Tests.Loading;

/// <summary>
/// The fraud check against a cluster that shows a search only what was refreshed (near-real-time search,
/// https://www.elastic.co/guide/en/elasticsearch/reference/current/near-real-time.html), as a real one does: the run's
/// earlier pages reach a later page's check through the window until a refresh has made them searchable, and leave the
/// window only then. With the fake's default (every write searchable at once) a window that dropped pages too early
/// would go unseen.
/// </summary>
public sealed class NearRealTimeFraudTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;
    private DateOnly _d;

    public async Task InitializeAsync()
    {
        _h = await LoaderHarness.StartAsync();
        _d = DateOnly.FromDateTime(_h.Base).AddDays(-3);
        // A weekly AOV of 100 for every day the test sells on: 250 is more than 2 × it.
        await _h.PutWeeklyAovAsync("S1", 100, Enumerable.Range(-9, 14).Select(i => _d.AddDays(i)));
        _h.Es.NearRealTime = true;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private DateTime At(int dayOffset, int hour) => _d.AddDays(dayOffset).ToDateTime(new TimeOnly(hour, 0));

    [Fact]
    public async Task RepeatsSpreadOverPagesAreCountedWhenOnlyRefreshedPagesAreSearchable()
    {
        // Card A pays 250 on four days and card B twice, one row a page, with other sales between them, so pages are
        // refreshed and leave the window while later pages of the same cards are still to come.
        var cardA = LoaderHarness.Card(11);
        var cardB = LoaderHarness.Card(12);
        var a = new List<long>();
        var second = 0;
        for (var day = 0; day < 4; day++)
        {
            a.Add(await _h.InsertSaleAsync("S1", cardA, 250m, At(day, 10), _h.Base.AddSeconds(second++)));
            if (day < 2) await _h.InsertSaleAsync("S1", cardB, 250m, At(day, 11), _h.Base.AddSeconds(second++));
            for (var other = 0; other < 3; other++)
                await _h.InsertSaleAsync("S1", LoaderHarness.Card(100 + day * 10 + other), 30m, At(day, 12), _h.Base.AddSeconds(second++));
        }

        // The page of A's second payment is indexed only after the search of its third payment's page was answered: that
        // search cannot find it, refreshes run meanwhile, and only the window still holds it for the third payment's check.
        var thirdSearched = new TaskCompletionSource();
        _h.Es.Answered += r =>
        {
            if (r.Path == $"{IndexNames.Sales}/_search" && r.Body.Contains($"\"platform_sales-{a[2]}\"", StringComparison.Ordinal)) thirdSearched.TrySetResult();
        };
        var loader = _h.Loader(settings: new Dictionary<string, string?>
        {
            ["Loader:FraudRefreshEveryPages"] = "1", ["Loader:BulkConcurrency"] = "2",
        }, beforeSend: async (request, ct) =>
        {
            if (!request.RequestUri!.AbsolutePath.EndsWith("/_bulk", StringComparison.Ordinal)) return;
            var body = await request.Content!.ReadAsStringAsync(ct);
            if (body.Contains($"\"_id\":\"platform_sales-{a[1]}\"", StringComparison.Ordinal)) await thirdSearched.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        });

        var result = await loader.LoadAsync(_h.Source(pageRows: 1), null, default);

        Assert.Equal((LoadStatus.Succeeded, 2L), (result.Status, result.Flagged));
        // The documents as stored (a get is real-time): the third and fourth payments of card A, with 3 and 4 repeats.
        var flagged = _h.Es.DocumentsOf(IndexNames.FraudSales).Where(d => d.Source["deleted"] is null)
            .ToDictionary(d => d.Id, d => d.Source["repeat_count"]!.GetValue<int>());
        Assert.Equal(new Dictionary<string, int> { [$"platform_sales-{a[2]}"] = 3, [$"platform_sales-{a[3]}"] = 4 }, flagged);
        // Refreshes happened, so pages did leave the window during the run.
        Assert.True(_h.Es.CountRequests("POST", $"{IndexNames.Sales},{IndexNames.FraudSales}/_refresh") > 0);
    }
}
