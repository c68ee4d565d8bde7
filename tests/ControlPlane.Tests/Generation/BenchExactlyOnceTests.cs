using ControlPlane.Bench;
using ControlPlane.Loading;
using ControlPlane.Tests.Loading;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Generation;

/// <summary>
/// The bench's "every row exactly once" check against what the loader really sends. The failure seen in one bench run in
/// three (`1 sales and 0 dead letters arrived more than once`) was a sale re-flagged in the same run: the generator's
/// parallel writers stamp each day's rows with <c>updated_at</c> when their insert starts, so a planted case's third
/// payment can be read before an earlier one; the loader then writes it unflagged and re-flags it when the earlier payment
/// arrives, with the same external version (one document in Elasticsearch, two arrivals at the stand-in).
/// </summary>
public sealed class BenchExactlyOnceTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;
    private SinkServer _sink = null!;
    private DateOnly _d;

    public async Task InitializeAsync()
    {
        _h = await LoaderHarness.StartAsync();
        _sink = await SinkServer.StartAsync(0, CancellationToken.None);
        _d = DateOnly.FromDateTime(_h.Base).AddDays(-3);
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        await _h.DisposeAsync();
    }

    private DateTime At(int dayOffset, int hour) => _d.AddDays(dayOffset).ToDateTime(new TimeOnly(hour, 0));

    private Task<LoadResult> LoadIntoSinkAsync() =>
        _h.Loader(settings: new Dictionary<string, string?> { ["ES_URL"] = _sink.Url.ToString(), ["Loader:BulkConcurrency"] = "1" })
            .LoadAsync(_h.Source(pageRows: 1, overlap: "0s"), null, default);

    [Fact]
    public async Task ASaleReflaggedInTheSameRunArrivesTwiceAndStillCountsAsOneDocument()
    {
        // The store's history, already indexed (the sink computes the weekly AOV from what it holds): an AOV of 100 every day.
        var history = new System.Text.StringBuilder();
        for (var day = -9; day <= 1; day++)
            for (var card = 0; card < 3; card++)
                history.Append(HistorySale(1000 + (day + 9) * 3 + card, $"card-{card}", _d.AddDays(day)));
        var written = await TestClients.Elasticsearch(_sink.Url).BulkAsync(System.Text.Encoding.UTF8.GetBytes(history.ToString()), default);
        Assert.False(written.Errors);

        // One run, a page a row: the third payment of one card and amount is read first, its two earlier payments after it.
        var card1 = LoaderHarness.Card(1);
        await _h.InsertSaleAsync("S1", card1, 250m, At(2, 10), _h.Base.AddMinutes(10));
        await _h.InsertSaleAsync("S1", card1, 250m, At(0, 10), _h.Base.AddMinutes(10).AddSeconds(1));
        await _h.InsertSaleAsync("S1", card1, 250m, At(1, 10), _h.Base.AddMinutes(10).AddSeconds(2));
        var before = _sink.Stats();
        var run = await LoadIntoSinkAsync();
        var stats = _sink.Stats();

        Assert.Equal((LoadStatus.Succeeded, 3L, 1L), (run.Status, run.Read, run.Flagged));
        Assert.Equal(1, stats.Sales.Repeats - before.Sales.Repeats); // written unflagged, then re-flagged: two arrivals
        Assert.Equal(1, run.Rewrites);                                 // and the loader says so
        Assert.Equal(1, stats.FraudSales.LiveDocuments);

        var result = Result(run, stats, before);
        Assert.Empty(ExactlyOnceCheck.Problems(result));
        // Without the loader's word for it the same arrivals are a duplicate: the check still catches a real one.
        var undeclared = result with { Load = run with { Rewrites = 0 } };
        Assert.Equal("1 sales and 0 dead letters arrived more than once, but the loader re-sent only 0 (re-checks and transient retries)",
            Assert.Single(ExactlyOnceCheck.Problems(undeclared)));
    }

    /// <summary>The bench's figures for the run; the sink's counts without the history written before it.</summary>
    private static BenchResult Result(LoadResult run, SinkStats stats, SinkStats before)
    {
        var sink = new SinkStats
        {
            Sales = new SinkIndexStats { Documents = stats.Sales.Documents - before.Sales.Documents, Repeats = stats.Sales.Repeats - before.Sales.Repeats },
            DeadLetters = new SinkIndexStats { Documents = stats.DeadLetters.Documents, Repeats = stats.DeadLetters.Repeats },
        };
        return new BenchResult(run.Read, TimeSpan.FromSeconds(1), run, TimeSpan.FromSeconds(1), 1, 1, new Dictionary<string, double>(),
            0, 0, (0, 0, 0), null, 0, null, sink);
    }

    /// <summary>A sale as the loader's BulkBodyWriter writes it, sold at noon in Seoul.</summary>
    private static string HistorySale(long key, string card, DateOnly day)
    {
        var date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return $$$"""{"index":{"_index":"platform_sales","_id":"history-{{{key}}}","version":1,"version_type":"external_gte"}}""" + "\n"
            + $$$"""{"sale_id":"history-{{{key}}}","source":"history","store_id":"S1","card_fingerprint":"{{{card}}}","amount_sale":100.00,"sold_at":"{{{date}}}T12:00:00.000+09:00","sold_date":"{{{date}}}","fraud_flagged":false}""" + "\n";
    }
}
