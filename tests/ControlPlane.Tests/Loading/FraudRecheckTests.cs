using ControlPlane.Elastic;
using ControlPlane.Fraud;
using ControlPlane.Loading;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace ControlPlane.Tests.Loading;

/// <summary>
/// A sale is flagged exactly when the rule says, whatever order its card's payments are loaded in: written sales are
/// re-flagged or un-flagged by the page that adds, changes or removes a payment inside their window.
/// </summary>
public sealed class FraudRecheckTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;
    private DateOnly _d;
    private readonly string _card = LoaderHarness.Card(1);

    public async Task InitializeAsync()
    {
        _h = await LoaderHarness.StartAsync();
        _d = DateOnly.FromDateTime(_h.Base).AddDays(-3);
        // A weekly AOV of 100 for every day a test sells on: 250 is more than 2 × it.
        await _h.PutWeeklyAovAsync("S1", 100, Enumerable.Range(-9, 12).Select(i => _d.AddDays(i)));
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private DateTime At(int dayOffset, int hour) => _d.AddDays(dayOffset).ToDateTime(new TimeOnly(hour, 0));

    private static string Id(long key) => $"platform_sales-{key}";

    /// <summary>
    /// An unrelated last row for a run: the next run re-reads the row at the watermark, and that must not be one of the
    /// test's sales, whose verdict would then come from its own check instead of a re-check.
    /// </summary>
    private Task<long> InsertLastRowAsync(DateTime updatedAt) => _h.InsertSaleAsync("S9", LoaderHarness.Card(99), 10m, At(0, 12), updatedAt);

    private bool FlaggedInSales(long key) => _h.Docs(IndexNames.Sales)[Id(key)].Source["fraud_flagged"]!.GetValue<bool>();

    /// <summary>The flagged sales a reader finds (GET /api/fraud's query: tombstones of un-flagged sales left out).</summary>
    private Task<List<string>> FraudIdsAsync() => _h.FoundAsync(IndexNames.FraudSales);

    [Fact]
    public async Task ASaleLoadedBeforeTheEarlierPaymentsOfItsCardIsFlaggedWhenTheyArriveAndUnflaggedWhenOneIsDeleted()
    {
        var third = await _h.InsertSaleAsync("S1", _card, 250m, At(0, 10), _h.Base);
        await InsertLastRowAsync(_h.Base.AddSeconds(1));
        await _h.Loader().LoadAsync(_h.Source(), null, default);
        Assert.Empty(await FraudIdsAsync());
        var written = _h.Docs(IndexNames.Sales)[Id(third)];

        // Run 2: the payments of D and D+1 arrive late (offline till): they make D+2 the third payment in its window.
        var first = await _h.InsertSaleAsync("S1", _card, 250m, At(-2, 10), _h.Base.AddMinutes(10));
        var second = await _h.InsertSaleAsync("S1", _card, 250m, At(-1, 10), _h.Base.AddMinutes(10).AddSeconds(1));
        await InsertLastRowAsync(_h.Base.AddMinutes(10).AddSeconds(2));
        var run2 = await _h.Loader().LoadAsync(_h.Source(overlap: "0s"), null, default);

        Assert.Equal((LoadStatus.Succeeded, 1L, 0L), (run2.Status, run2.Flagged, run2.Unflagged));
        Assert.Equal([Id(third)], await FraudIdsAsync());
        var fraud = _h.Docs(IndexNames.FraudSales)[Id(third)];
        Assert.Equal(("aov-spike-repeat", 1, 3), (fraud.Source["rule_id"]!.ToString(), fraud.Source["rule_version"]!.GetValue<int>(), fraud.Source["repeat_count"]!.GetValue<int>()));
        Assert.Contains($"the same card paid 250.00 3 times from {_d.AddDays(-6):yyyy-MM-dd} to {_d:yyyy-MM-dd}", fraud.Source["reasons"]![1]!.ToString());
        Assert.True(FlaggedInSales(third));
        Assert.False(FlaggedInSales(first));
        Assert.False(FlaggedInSales(second));
        // Rewritten with its own version (its updated_at in µs), so an older replay still cannot win and a newer row still does.
        var rewritten = _h.Docs(IndexNames.Sales)[Id(third)];
        Assert.True(rewritten.SeqNo > written.SeqNo);
        Assert.Equal(written.Version, rewritten.Version);
        Assert.Equal(written.Version, fraud.Version);
        Assert.Equal(written.Source["updated_at"]!.ToString(), rewritten.Source["updated_at"]!.ToString());
        Assert.Equal(1, (await _h.StateAsync())!.TotalRowsFlagged);
        Assert.Contains(_h.Logs.Lines, l => l.Contains($"{Id(third)} re-flagged by rule aov-spike-repeat v1", StringComparison.Ordinal));

        // Run 3: the D payment is soft-deleted: D+2 is back to two payments and leaves the fraud index.
        await _h.Db.ExecuteAsync("UPDATE platform_sales SET deleted_at = @u, updated_at = @u WHERE id = @id",
            ("@u", LoaderHarness.Text(_h.Base.AddMinutes(20))), ("@id", first));
        var run3 = await _h.Loader().LoadAsync(_h.Source(overlap: "0s"), null, default);

        Assert.Equal((LoadStatus.Succeeded, 1L, 0L, 1L), (run3.Status, run3.Deleted, run3.Flagged, run3.Unflagged));
        Assert.Contains("un-flagged 1", run3.Summary());
        Assert.Empty(await FraudIdsAsync());
        Assert.False(FlaggedInSales(third));
        Assert.DoesNotContain(Id(first), await _h.FoundAsync(IndexNames.Sales));
        Assert.Equal(written.Version, _h.Docs(IndexNames.Sales)[Id(third)].Version);
        Assert.Contains(_h.Logs.Lines, l => l.Contains($"{Id(third)} un-flagged", StringComparison.Ordinal));
        Assert.Empty(_h.Es.SchemaViolations);
    }

    [Fact]
    public async Task ALateEarlierPaymentInALaterPageOfTheSameRunReFlagsTheSaleOnlyAfterItsOwnPageWasWritten()
    {
        var third = await _h.InsertSaleAsync("S1", _card, 250m, At(0, 10), _h.Base);
        var first = await _h.InsertSaleAsync("S1", _card, 250m, At(-2, 10), _h.Base.AddSeconds(1));
        var second = await _h.InsertSaleAsync("S1", _card, 250m, At(-1, 10), _h.Base.AddSeconds(2));

        // One row a page, a sender per page. Every bulk request waits until the three pages were checked (a search of the sales each),
        // and page 0's write of the D+2 sale waits longer: until page 2's re-flag of it shows up, or page 1 is written.
        // Without the wait for page 0, page 2's sender sends the re-flag at once, while page 0 is held back.
        var searches = 0;
        var allChecked = new TaskCompletionSource();
        var reflagSeen = new TaskCompletionSource();
        var page1Done = new TaskCompletionSource();
        bool? originalWasThereBeforeTheReflag = null;
        var loader = _h.Loader(settings: new Dictionary<string, string?> { ["Loader:BulkConcurrency"] = "3", ["Loader:ProgressInterval"] = "00:00:00" },
            beforeSend: async (request, ct) =>
            {
                var path = request.RequestUri!.AbsolutePath;
                if (path.EndsWith($"/{IndexNames.Sales}/_search", StringComparison.Ordinal) && Interlocked.Increment(ref searches) == 3) allChecked.TrySetResult();
                if (!path.EndsWith("/_bulk", StringComparison.Ordinal)) return;
                await allChecked.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
                var body = await request.Content!.ReadAsStringAsync(ct);
                if (body.Contains($"\"_index\":\"{IndexNames.FraudSales}\",\"_id\":\"{Id(third)}\"", StringComparison.Ordinal))
                {
                    originalWasThereBeforeTheReflag = _h.Docs(IndexNames.Sales).ContainsKey(Id(third));
                    reflagSeen.TrySetResult();
                }
                else if (body.Contains($"\"_id\":\"{Id(third)}\"", StringComparison.Ordinal))
                    await Task.WhenAny(reflagSeen.Task, page1Done.Task).WaitAsync(TimeSpan.FromSeconds(30), ct);
            });
        var progress = new SynchronousProgress(p => { if (p.Indexed >= 1) page1Done.TrySetResult(); });

        var result = await loader.LoadAsync(_h.Source(pageRows: 1), progress, default);

        Assert.Equal((LoadStatus.Succeeded, 3L, 1L), (result.Status, result.Indexed, result.Flagged));
        Assert.True(originalWasThereBeforeTheReflag);
        Assert.Equal([Id(third)], await FraudIdsAsync());
        Assert.True(FlaggedInSales(third));
        Assert.False(FlaggedInSales(first));
        Assert.False(FlaggedInSales(second));
        Assert.Empty(_h.Es.SchemaViolations);
    }

    [Fact]
    public async Task ABackfillCountsEachFlaggedSaleOnceEvenWhenAnEarlierPageReFlaggedIt()
    {
        // Four payments of one card and amount on four days at store S2, loaded before S2 had a weekly AOV: none flagged.
        var keys = new List<long>();
        for (var day = -2; day <= 1; day++)
            keys.Add(await _h.InsertSaleAsync("S2", _card, 250m, At(day, 10), _h.Base.AddSeconds(day + 2)));
        var delta = await _h.Loader().LoadAsync(_h.Source(pageRows: 1), null, default);
        Assert.Equal(0, delta.Flagged);

        // The AOV arrives (as in the quickstart: the transforms ran after the first load) and the backfill re-reads the days.
        // The first page (day −2) re-flags the written sales of days 0 and +1; their own pages then flag them again.
        await _h.PutWeeklyAovAsync("S2", 100, Enumerable.Range(-9, 12).Select(i => _d.AddDays(i)));
        var backfill = await _h.Loader().BackfillAsync(_h.Source(pageRows: 1), At(-3, 0), At(2, 0), null, default);

        Assert.Equal((LoadStatus.Succeeded, 4L, 2L), (backfill.Status, backfill.Indexed, backfill.Flagged));
        Assert.Equal([Id(keys[2]), Id(keys[3])], await FraudIdsAsync());
    }

    [Fact]
    public async Task TheFraudStageHoldsAReFlagBackUntilThePageThatWroteTheSaleHasFinished()
    {
        var mapper = new SaleMapper(_h.Source(), CardFingerprint.Create(LoaderHarness.CardKey));
        var finished = new HashSet<long>();
        var stage = new FraudCheckStage(FraudRuleCatalog.LoadEnabled(_h.Root), new FraudLookups(TestClients.Elasticsearch(_h.Es.Url)),
            finished.Contains, refreshEvery: 100, TimeZoneInfo.Utc, TimeProvider.System, "platform_sales", NullLogger.Instance);
        MappedPage Page(long sequence, long id, DateTime soldAt)
        {
            var row = new SourceRow { Id = id, Platform = "Kakao", StoreId = "S1", CardNumber = _card, AmountSale = 250m, SoldAt = soldAt, UpdatedAt = _h.Base.AddSeconds(id), UpdatedAtInstant = new DateTimeOffset(_h.Base.AddSeconds(id), TimeSpan.Zero) };
            return new MappedPage(sequence, row.Key, [mapper.Map(row)]);
        }

        var page0 = await stage.CheckAsync(Page(0, 1, At(0, 10)), default);
        var page1 = await stage.CheckAsync(Page(1, 2, At(-2, 10)), default);
        finished.Add(1);
        var page2 = await stage.CheckAsync(Page(2, 3, At(-1, 10)), default);

        Assert.Equal((0, 0), (page0.Rechecks.Count, page1.Rechecks.Count));
        var reflag = Assert.Single(page2.Rechecks);
        Assert.Equal(("platform_sales-1", 3), (reflag.Sale.SaleId, reflag.Verdict?.RepeatCount));
        Assert.Equal([0L], page2.SendAfter); // page 0 wrote it and is in flight; page 1 is done
        Assert.Null(page2.Rows[0].Verdict);
    }

    [Fact]
    public async Task AnAmountChangeOfAnEarlierSaleMovesTheFlagToTheSalesOfItsNewAmount()
    {
        var changed = await _h.InsertSaleAsync("S1", _card, 250m, At(-2, 9), _h.Base);
        await _h.InsertSaleAsync("S1", _card, 250m, At(-1, 10), _h.Base.AddSeconds(1));
        var a3 = await _h.InsertSaleAsync("S1", _card, 250m, At(0, 10), _h.Base.AddSeconds(2));
        await _h.InsertSaleAsync("S1", _card, 300m, At(-3, 10), _h.Base.AddSeconds(3));
        var b3 = await _h.InsertSaleAsync("S1", _card, 300m, At(0, 11), _h.Base.AddSeconds(4));
        await InsertLastRowAsync(_h.Base.AddSeconds(5));
        await _h.Loader().LoadAsync(_h.Source(), null, default);
        Assert.Equal([Id(a3)], await FraudIdsAsync());

        await _h.Db.ExecuteAsync("UPDATE platform_sales SET amount_sale = 300, updated_at = @u WHERE id = @id",
            ("@u", LoaderHarness.Text(_h.Base.AddMinutes(20))), ("@id", changed));
        var run2 = await _h.Loader().LoadAsync(_h.Source(overlap: "0s"), null, default);

        Assert.Equal((1L, 1L), (run2.Flagged, run2.Unflagged));
        Assert.Equal([Id(b3)], await FraudIdsAsync());
        Assert.Equal(3, _h.Docs(IndexNames.FraudSales)[Id(b3)].Source["repeat_count"]!.GetValue<int>());
        Assert.False(FlaggedInSales(a3));
        Assert.True(FlaggedInSales(b3));
        Assert.False(FlaggedInSales(changed));
        Assert.Empty(_h.Es.SchemaViolations);
    }

    [Fact]
    public async Task SalesOutsideTheWindowOfTheLatePaymentOrOfOtherCardsOrAmountsAreNotTouched()
    {
        var before = await _h.InsertSaleAsync("S1", _card, 250m, At(-7, 10), _h.Base);                // its window ends before the late payment
        var agrees = await _h.InsertSaleAsync("S1", _card, 250m, At(0, 10), _h.Base.AddSeconds(1));   // re-checked: 2 payments, still not flagged
        var near = await _h.InsertSaleAsync("S1", _card, 250m, At(1, 10), _h.Base.AddSeconds(2));     // its window D+1−6 .. D+1 holds D−5
        var far = await _h.InsertSaleAsync("S1", _card, 250m, At(2, 10), _h.Base.AddSeconds(3));      // flagged already; its window starts after D−5
        var otherCard = await _h.InsertSaleAsync("S1", LoaderHarness.Card(2), 250m, At(-3, 10), _h.Base.AddSeconds(4));
        var otherAmount = await _h.InsertSaleAsync("S1", _card, 260m, At(-3, 10), _h.Base.AddSeconds(5));
        await InsertLastRowAsync(_h.Base.AddSeconds(6));
        await _h.Loader().LoadAsync(_h.Source(), null, default);
        Assert.Equal([Id(far)], await FraudIdsAsync());
        var sales = _h.Docs(IndexNames.Sales);
        var fraudBefore = _h.Docs(IndexNames.FraudSales)[Id(far)];

        var late = await _h.InsertSaleAsync("S1", _card, 250m, At(-5, 10), _h.Base.AddMinutes(10));
        var run2 = await _h.Loader().LoadAsync(_h.Source(overlap: "0s"), null, default);

        Assert.Equal((1L, 0L), (run2.Flagged, run2.Unflagged));
        Assert.Equal(new[] { Id(far), Id(near) }.Order(StringComparer.Ordinal), await FraudIdsAsync());
        Assert.True(FlaggedInSales(near));
        Assert.False(FlaggedInSales(late));
        var now = _h.Docs(IndexNames.Sales);
        foreach (var untouched in new[] { before, agrees, far, otherCard, otherAmount })
            Assert.Equal(sales[Id(untouched)].SeqNo, now[Id(untouched)].SeqNo);
        Assert.Equal(fraudBefore.SeqNo, _h.Docs(IndexNames.FraudSales)[Id(far)].SeqNo);
        Assert.Empty(_h.Es.SchemaViolations);
    }

    /// <summary>Reports on the reporting thread (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<LoadProgress> report) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value) => report(value);
    }
}
