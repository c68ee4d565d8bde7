using System.Globalization;
using System.Text;
using ControlPlane.Elastic;
using ControlPlane.Loading;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace ControlPlane.Tests.Loading;

/// <summary>The delta load end to end: real MariaDB, the fake cluster, the repository's source definitions.</summary>
public sealed class DeltaLoadTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;
    public async Task InitializeAsync() => _h = await LoaderHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task EveryGoodRowIsIndexedExactlyOnceAcrossRepeatedRuns()
    {
        var ids = await _h.InsertGoodSalesAsync(25);
        var source = _h.Source(pageRows: 10);

        var first = await _h.Loader().LoadAsync(source, null, default);
        var second = await _h.Loader().LoadAsync(source, null, default);

        Assert.Equal(LoadStatus.Succeeded, first.Status);
        Assert.Equal((25, 25), (first.Read, first.Indexed));
        Assert.Equal(LoadStatus.Succeeded, second.Status);
        var docs = _h.Docs(IndexNames.Sales);
        Assert.Equal(ids.Select(i => $"platform_sales-{i}").Order(), docs.Keys.Order());
        // The second run re-read the rows inside the 5-minute overlap; equal versions rewrite the same documents.
        Assert.Equal(25, second.Read);
        Assert.Equal(25, _h.Es.DocumentsOf(IndexNames.Sales).Count);

        var doc = docs[$"platform_sales-{ids[3]}"];
        var s = doc.Source;
        Assert.Equal($"platform_sales-{ids[3]}", s["sale_id"]!.ToString());
        Assert.Equal("platform_sales", s["source"]!.ToString());
        Assert.Equal(ids[3].ToString(CultureInfo.InvariantCulture), s["source_key"]!.ToString());
        Assert.Equal("kakao", s["platform"]!.ToString());
        Assert.Equal("S3", s["store_id"]!.ToString());
        Assert.Equal("************0003", s["card_masked"]!.ToString());
        Assert.Matches("^[0-9a-f]{64}$", s["card_fingerprint"]!.ToString());
        Assert.Equal(13m, s["amount_sale"]!.GetValue<decimal>());
        var soldAt = _h.Base.AddMinutes(-30).AddSeconds(3);
        Assert.Equal(soldAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+09:00", s["sold_at"]!.ToString());
        Assert.Equal(soldAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s["sold_date"]!.ToString());
        Assert.False(s["fraud_flagged"]!.GetValue<bool>());
        // The external version is updated_at as stored, in µs since 1970-01-01 on the same wall clock, plus 14 h (Versions).
        Assert.Equal((_h.Base.AddSeconds(3).Ticks - DateTime.UnixEpoch.Ticks) / 10 + 14 * 3_600_000_000L, doc.Version);

        var state = await _h.StateAsync();
        Assert.NotNull(state);
        Assert.Equal(new ChangeKey(_h.Base.AddSeconds(24), ids[^1]), state.Watermark);
        Assert.Equal("succeeded", state.LastRunStatus);
        Assert.Null(state.LeaseOwner);
        Assert.Equal(second.Read, state.LastRunRowsRead);
        Assert.Empty(_h.Es.SchemaViolations);
    }

    [Fact]
    public async Task RowUpdatedBetweenRunsIsReindexedWithTheNewVersionAndNeverRegressedByAReplay()
    {
        var soldAt = _h.Base.AddHours(-1);
        var id = await _h.InsertSaleAsync("S1", LoaderHarness.Card(1), 10m, soldAt, _h.Base);
        var source = _h.Source();
        await _h.Loader().LoadAsync(source, null, default);
        var key = $"platform_sales-{id}";
        var oldVersion = _h.Docs(IndexNames.Sales)[key].Version;

        await _h.Db.ExecuteAsync("UPDATE platform_sales SET amount_sale = 99.50, updated_at = @u WHERE id = @id",
            ("@u", LoaderHarness.Text(_h.Base.AddMinutes(1).AddTicks(1230))), ("@id", id));
        await _h.Loader().LoadAsync(source, null, default);

        var updated = _h.Docs(IndexNames.Sales)[key];
        Assert.Equal(99.50m, updated.Source["amount_sale"]!.GetValue<decimal>());
        Assert.Equal(oldVersion + 60_000_000 + 123, updated.Version); // one minute and 123 µs later

        // A replay of the old row (a slow replica, an old backfill) is answered 409 and counts as done, not as a failure.
        var oldRow = new SourceRow { Id = id, Platform = "Kakao", StoreId = "S1", CardNumber = LoaderHarness.Card(1), AmountSale = 10m, SoldAt = soldAt, UpdatedAt = _h.Base, UpdatedAtInstant = new DateTimeOffset(_h.Base, TimeSpan.Zero) };
        var mapped = new SaleMapper(source, CardFingerprint.Create(LoaderHarness.CardKey)).Map(oldRow);
        var sender = new BulkSender(TestClients.Elasticsearch(_h.Es.Url), source, RetryBudget.For(new LoaderOptions().Clamped(), TimeProvider.System), new BulkThrottle(1), TimeProvider.System, NullLogger.Instance);
        var outcome = await sender.SendAsync(new CheckedPage(0, oldRow.Key, [new CheckedRow(mapped, null, false)], DateTimeOffset.UtcNow), default);

        Assert.Equal((1, 0), (outcome.Indexed, outcome.DeadLettered));
        Assert.Equal(99.50m, _h.Docs(IndexNames.Sales)[key].Source["amount_sale"]!.GetValue<decimal>());
        Assert.Equal(updated.Version, _h.Docs(IndexNames.Sales)[key].Version);
        Assert.Empty(_h.Es.DocumentsOf(IndexNames.DeadLetter));
    }

    [Fact]
    public async Task LateCommitInsideTheOverlapIsPickedUpByTheNextRun()
    {
        for (var i = 0; i < 10; i++) await _h.InsertSaleAsync("S1", LoaderHarness.Card(i), 10m + i, _h.Base.AddHours(-1), _h.Base.AddMinutes(i));
        var source = _h.Source(overlap: "5m");
        await _h.Loader().LoadAsync(source, null, default);
        Assert.Equal(_h.Base.AddMinutes(9), (await _h.StateAsync())!.Watermark!.Value.UpdatedAt);

        // Committed late: its updated_at is older than the watermark, but inside the overlap.
        var late = await _h.InsertSaleAsync("S1", LoaderHarness.Card(100), 5m, _h.Base.AddHours(-1), _h.Base.AddMinutes(6));
        // Older than watermark − overlap: beyond what the overlap promises to catch.
        var tooLate = await _h.InsertSaleAsync("S1", LoaderHarness.Card(101), 5m, _h.Base.AddHours(-1), _h.Base.AddMinutes(-10));
        var second = await _h.Loader().LoadAsync(source, null, default);

        var docs = _h.Docs(IndexNames.Sales);
        Assert.Contains($"platform_sales-{late}", docs.Keys);
        Assert.DoesNotContain($"platform_sales-{tooLate}", docs.Keys);
        Assert.Equal(LoadStatus.Succeeded, second.Status);
        Assert.Equal(_h.Base.AddMinutes(9), (await _h.StateAsync())!.Watermark!.Value.UpdatedAt); // never moved backwards
    }

    [Fact]
    public async Task RowsInsideTheLagAreLeftForALaterRun()
    {
        await _h.InsertGoodSalesAsync(3);
        var fresh = await _h.InsertSaleAsync("S1", LoaderHarness.Card(50), 10m, _h.Base, _h.Base);
        await _h.Db.ExecuteAsync("UPDATE platform_sales SET updated_at = NOW(6) WHERE id = @id", ("@id", fresh));

        var first = await _h.Loader().LoadAsync(_h.Source(lag: "1h"), null, default);

        Assert.Equal(3, first.Indexed);
        Assert.DoesNotContain($"platform_sales-{fresh}", _h.Docs(IndexNames.Sales).Keys);
        Assert.Equal(_h.Base.AddSeconds(2), (await _h.StateAsync())!.Watermark!.Value.UpdatedAt);

        await _h.Loader().LoadAsync(_h.Source(lag: "0s"), null, default);
        Assert.Contains($"platform_sales-{fresh}", _h.Docs(IndexNames.Sales).Keys);
    }

    [Fact]
    public async Task BadRowsAreDeadLetteredWithTheirReasonsAndTheWatermarkPassesThem()
    {
        var sold = _h.Base.AddHours(-1);
        var good = await _h.InsertSaleAsync("S1", LoaderHarness.Card(1), 10m, sold, _h.Base);
        var noAmount = await _h.InsertSaleAsync("S1", LoaderHarness.Card(2), null, sold, _h.Base.AddSeconds(1));
        var shortCard = await _h.InsertSaleAsync("S1", "1234-5678-901", 10m, sold, _h.Base.AddSeconds(2));
        var letters = await _h.InsertSaleAsync("S1", "4000-12AB-0000-0000", 10m, sold, _h.Base.AddSeconds(3));
        var noStore = await _h.InsertSaleAsync("  ", LoaderHarness.Card(5), 10m, sold, _h.Base.AddSeconds(4));
        var noCard = await _h.InsertSaleAsync("S1", null, 10m, sold, _h.Base.AddSeconds(5));
        var last = await _h.InsertSaleAsync("S1", LoaderHarness.Card(7), 10m, sold, _h.Base.AddSeconds(6));

        var result = await _h.Loader().LoadAsync(_h.Source(pageRows: 3), null, default);

        Assert.Equal((LoadStatus.Succeeded, 2L, 5L), (result.Status, result.Indexed, result.DeadLettered));
        var dead = _h.Es.DocumentsOf(IndexNames.DeadLetter).ToDictionary(d => d.Source["source_key"]!.ToString());
        Assert.Equal(new[] { noAmount, shortCard, letters, noStore, noCard }.Select(i => i.ToString(CultureInfo.InvariantCulture)).Order(), dead.Keys.Order());
        Assert.Equal("amount_sale is NULL", dead[$"{noAmount}"].Source["reason"]!.ToString());
        Assert.Equal("card_number: card number has 11 digits, not 12–19", dead[$"{shortCard}"].Source["reason"]!.ToString());
        Assert.Equal("card_number: card number has characters other than digits, spaces and dashes", dead[$"{letters}"].Source["reason"]!.ToString());
        Assert.Equal("store_id is empty", dead[$"{noStore}"].Source["reason"]!.ToString());
        Assert.Equal("card_number: card number is missing", dead[$"{noCard}"].Source["reason"]!.ToString());

        var d = dead[$"{noAmount}"];
        Assert.Equal($"platform_sales-{noAmount}-{_h.Base.AddSeconds(1).Ticks}", d.Id);
        Assert.Equal("platform_sales", d.Source["source"]!.ToString());
        Assert.Equal("mapping", d.Source["stage"]!.ToString());
        var raw = d.Source["raw"]!.AsObject();
        Assert.False(raw.ContainsKey("card_number"));
        Assert.Equal("************0002", raw["card_masked"]!.ToString());
        Assert.Null(raw["amount_sale"]);
        Assert.Equal("S1", raw["store_id"]!.ToString());
        Assert.Equal("****", dead[$"{shortCard}"].Source["raw"]!["card_masked"]!.ToString());

        Assert.Equal(new ChangeKey(_h.Base.AddSeconds(6), last), (await _h.StateAsync())!.Watermark);
        Assert.Equal(new[] { $"platform_sales-{good}", $"platform_sales-{last}" }, _h.Docs(IndexNames.Sales).Keys.Order());

        await _h.Loader().LoadAsync(_h.Source(), null, default); // re-reads them inside the overlap
        Assert.Equal(5, _h.Es.DocumentsOf(IndexNames.DeadLetter).Count); // same ids: no duplicates
        Assert.Empty(_h.Es.SchemaViolations);
    }

    [Fact]
    public async Task TooManyRequestsItemsAreRetriedAloneUntilIndexed()
    {
        var ids = await _h.InsertGoodSalesAsync(6);
        var target = $"platform_sales-{ids[2]}";
        _h.Es.BulkItemFault = c => c.Index == IndexNames.Sales && c.Id == target && c.Attempt <= 2
            ? (429, "es_rejected_execution_exception", "rejected execution of coordinating operation") : null;

        var result = await _h.Loader().LoadAsync(_h.Source(), null, default);

        Assert.Equal((6L, 0L), (result.Indexed, result.DeadLettered));
        Assert.Contains(target, _h.Docs(IndexNames.Sales).Keys);
        var bulks = _h.Es.Requests.Where(r => r.Path == "_bulk").ToList();
        Assert.Equal(3, bulks.Count);
        foreach (var retry in bulks.Skip(1))
        {
            var lines = retry.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length); // the failed item's action and document, nothing else
            Assert.Contains(target, lines[0]);
        }
    }

    [Fact]
    public async Task PermanentItemFailureIsDeadLetteredWithoutRetrying()
    {
        var ids = await _h.InsertGoodSalesAsync(4);
        var target = $"platform_sales-{ids[2]}";
        _h.Es.BulkItemFault = c => c.Index == IndexNames.Sales && c.Id == target
            ? (400, "mapper_parsing_exception", "failed to parse field [amount_sale] of type [scaled_float]") : null;

        var result = await _h.Loader().LoadAsync(_h.Source(), null, default);

        Assert.Equal((3L, 1L), (result.Indexed, result.DeadLettered));
        var dead = Assert.Single(_h.Es.DocumentsOf(IndexNames.DeadLetter));
        Assert.Equal(ids[2].ToString(CultureInfo.InvariantCulture), dead.Source["source_key"]!.ToString());
        Assert.Contains("400 mapper_parsing_exception: failed to parse field [amount_sale]", dead.Source["reason"]!.ToString());
        Assert.Equal(2, _h.Es.Requests.Count(r => r.Path == "_bulk")); // the page, then the dead letter: no retry
        Assert.Equal(ids[^1], (await _h.StateAsync())!.Watermark!.Value.Id);
    }

    [Fact]
    public async Task WholeRequest503sAreRetriedAndEveryRowArrives()
    {
        await _h.InsertGoodSalesAsync(8);
        _h.Es.FailNext("POST", "_bulk", 503, times: 2, type: "unavailable_shards_exception", reason: "primary shard is not active");

        var result = await _h.Loader().LoadAsync(_h.Source(), null, default);

        Assert.Equal((LoadStatus.Succeeded, 8L), (result.Status, result.Indexed));
        Assert.Equal(8, _h.Es.DocumentsOf(IndexNames.Sales).Count);
        Assert.Equal(3, _h.Es.CountRequests("POST", "_bulk"));
    }

    [Fact]
    public async Task ProcessKilledMidRequestResumesWithEveryRowExactlyOnce()
    {
        var ids = await _h.InsertGoodSalesAsync(60);
        var source = _h.Source(pageRows: 5);
        using var kill = new CancellationTokenSource();
        var items = 0;
        // "Killed" while the cluster is applying a bulk request: the writes land, the answer never arrives.
        _h.Es.BulkItemFault = _ => { if (Interlocked.Increment(ref items) == 23) kill.Cancel(); return null; };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.Loader().LoadAsync(source, null, kill.Token));
        _h.Es.BulkItemFault = null;

        var state = await _h.StateAsync();
        Assert.Equal("failed", state!.LastRunStatus);
        Assert.Null(state.LeaseOwner);
        AssertWatermarkCoversOnlyIndexedRows(state.Watermark, ids);

        var again = await _h.Loader("loader-b").LoadAsync(source, null, default);
        Assert.Equal(LoadStatus.Succeeded, again.Status);
        Assert.Equal(ids.Select(i => $"platform_sales-{i}").Order(), _h.Docs(IndexNames.Sales).Keys.Order());
        Assert.Equal(new ChangeKey(_h.Base.AddSeconds(59), ids[^1]), (await _h.StateAsync())!.Watermark);
    }

    [Fact]
    public async Task ARowThatCanNeitherBeIndexedNorDeadLetteredFailsTheRunBehindIt()
    {
        var sold = _h.Base.AddHours(-1);
        var ids = new List<long>();
        for (var i = 0; i < 30; i++)
            ids.Add(await _h.InsertSaleAsync("S1", i == 17 ? "not a card" : LoaderHarness.Card(i), 10m, sold, _h.Base.AddSeconds(i)));
        var source = _h.Source(pageRows: 5);
        _h.Es.BulkItemFault = c => c.Index == IndexNames.DeadLetter ? (400, "strict_dynamic_mapping_exception", "mapping set to strict") : null;

        var failed = await _h.Loader(settings: new Dictionary<string, string?> { ["Loader:BulkConcurrency"] = "1" }).LoadAsync(source, null, default);

        Assert.Equal(LoadStatus.Failed, failed.Status);
        Assert.Contains($"platform_sales-{ids[17]}", failed.Message);
        Assert.Contains("platform_sales_deadletter", failed.Message);
        var state = await _h.StateAsync();
        Assert.Equal("failed", state!.LastRunStatus);
        Assert.Equal(failed.Message, state.LastError);
        // Pages 0–2 (rows 0–14) finished; the page holding row 17 did not, so the watermark stops right before it.
        Assert.Equal(new ChangeKey(_h.Base.AddSeconds(14), ids[14]), state.Watermark);

        _h.Es.BulkItemFault = null;
        var again = await _h.Loader().LoadAsync(source, null, default);
        Assert.Equal(LoadStatus.Succeeded, again.Status);
        // The bad row is dead-lettered and found by no reader (a tombstone takes its id, in case an earlier version was good).
        Assert.Equal(ids.Where((_, i) => i != 17).Select(id => $"platform_sales-{id}").Order(StringComparer.Ordinal), await _h.FoundAsync(IndexNames.Sales));
        Assert.Single(_h.Es.DocumentsOf(IndexNames.DeadLetter));
    }

    [Fact]
    public async Task WholeRequestRejectionFailsTheRunAndTheNextRunLoadsEverything()
    {
        var ids = await _h.InsertGoodSalesAsync(12);
        _h.Es.FailNext("POST", "_bulk", 400, type: "illegal_argument_exception", reason: "scripted rejection");

        var failed = await _h.Loader().LoadAsync(_h.Source(pageRows: 4), null, default);

        Assert.Equal(LoadStatus.Failed, failed.Status);
        Assert.Contains("scripted rejection", failed.Message);
        AssertWatermarkCoversOnlyIndexedRows((await _h.StateAsync())!.Watermark, ids);
        var again = await _h.Loader().LoadAsync(_h.Source(pageRows: 4), null, default);
        Assert.Equal(LoadStatus.Succeeded, again.Status);
        Assert.Equal(12, _h.Es.DocumentsOf(IndexNames.Sales).Count);
    }

    [Fact]
    public async Task SoftDeletedRowsLeaveBothIndices()
    {
        var id = await _h.InsertSaleAsync("S1", LoaderHarness.Card(1), 10m, _h.Base.AddHours(-1), _h.Base);
        var keep = await _h.InsertSaleAsync("S1", LoaderHarness.Card(2), 10m, _h.Base.AddHours(-1), _h.Base.AddSeconds(1));
        await _h.Loader().LoadAsync(_h.Source(), null, default);
        var key = $"platform_sales-{id}";
        await TestClients.Elasticsearch(_h.Es.Url).SendOrThrowAsync(HttpMethod.Put, $"{IndexNames.FraudSales}/_doc/{key}?version=1&version_type=external",
            new System.Text.Json.Nodes.JsonObject { ["sale_id"] = key }, default);

        await _h.Db.ExecuteAsync("UPDATE platform_sales SET deleted_at = @d, updated_at = @d WHERE id = @id", ("@d", LoaderHarness.Text(_h.Base.AddMinutes(1))), ("@id", id));
        var result = await _h.Loader().LoadAsync(_h.Source(), null, default);

        Assert.Equal(1, result.Deleted);
        Assert.Equal(new[] { $"platform_sales-{keep}" }, await _h.FoundAsync(IndexNames.Sales));
        Assert.Empty(await _h.FoundAsync(IndexNames.FraudSales));
        // What is left of the deleted sale in both indices is a tombstone holding the row's version (docs/assets.md, "Deletes").
        foreach (var index in new[] { IndexNames.Sales, IndexNames.FraudSales })
        {
            var tombstone = Assert.Single(_h.Es.DocumentsOf(index), d => d.Id == key);
            Assert.True(tombstone.Source["deleted"]!.GetValue<bool>(), $"{key} in {index}");
            Assert.Null(tombstone.Source["amount_sale"]);
            Assert.Null(tombstone.Source["card_fingerprint"]);
        }
    }

    [Fact]
    public async Task AGoodSaleThatTurnsBadIsDeadLetteredAndLeavesTheSaleIndices()
    {
        var id = await _h.InsertSaleAsync("S1", LoaderHarness.Card(1), 10m, _h.Base.AddHours(-1), _h.Base);
        await _h.Loader().LoadAsync(_h.Source(), null, default);
        var key = $"platform_sales-{id}";
        Assert.True(_h.Docs(IndexNames.Sales).ContainsKey(key));

        await _h.Db.ExecuteAsync("UPDATE platform_sales SET amount_sale = NULL, updated_at = @u WHERE id = @id",
            ("@u", LoaderHarness.Text(_h.Base.AddMinutes(1))), ("@id", id));
        var result = await _h.Loader().LoadAsync(_h.Source(), null, default);

        Assert.Equal(1, result.DeadLettered);
        Assert.False(_h.Docs(IndexNames.Sales).ContainsKey(key));
        Assert.Equal("amount_sale is NULL", Assert.Single(_h.Es.DocumentsOf(IndexNames.DeadLetter)).Source["reason"]!.ToString());
    }

    [Fact]
    public async Task ShopOrdersWithTheirOwnColumnNamesLandInTheSameIndexAsPlatformWebshop()
    {
        await _h.InsertGoodSalesAsync(2);
        await _h.Db.ExecuteAsync(
            "INSERT INTO orders (order_no, shop_code, card_no, total_amount, ordered_at, modified_at, cancelled_at) VALUES " +
            "(7, 'W-01', '5500 0000 0000 0004', 42.50, @sold, @u, NULL), (8, 'W-02', '5500000000000012', 9.99, @sold, @u2, @u2)",
            ("@sold", LoaderHarness.Text(_h.Base.AddHours(-2))), ("@u", LoaderHarness.Text(_h.Base)), ("@u2", LoaderHarness.Text(_h.Base.AddSeconds(1))));

        await _h.Loader().LoadAsync(_h.Source(), null, default);
        var shop = await _h.Loader().LoadAsync(_h.Source("shop_orders"), null, default);

        Assert.Equal((1L, 1L), (shop.Indexed, shop.Deleted));
        var docs = _h.Docs(IndexNames.Sales);
        Assert.Equal(3, docs.Count); // two platform_sales rows and the open order
        var order = docs["shop_orders-7"].Source;
        Assert.Equal("webshop", order["platform"]!.ToString());
        Assert.Equal("shop_orders", order["source"]!.ToString());
        Assert.Equal("7", order["source_key"]!.ToString());
        Assert.Equal("W-01", order["store_id"]!.ToString());
        Assert.Equal(42.50m, order["amount_sale"]!.GetValue<decimal>());
        Assert.Equal("************0004", order["card_masked"]!.ToString());
        Assert.Equal("shop_orders", (await _h.StateAsync("shop_orders"))!.Source);
    }

    [Fact]
    public async Task TheAovTransformsBehindTheirAliasesAreAskedToRunAfterARunThatWroteSales()
    {
        var nothing = await _h.Loader().LoadAsync(_h.Source(), null, default);
        Assert.Equal(0, nothing.Read);
        Assert.Empty(_h.Es.ScheduledNow);

        await _h.InsertGoodSalesAsync(3);
        _h.Es.FailNext("POST", "_transform/platform_sales_per_price-v1/_schedule_now", 409, type: "status_exception", reason: "transform is stopped");
        var result = await _h.Loader().LoadAsync(_h.Source(), null, default);

        Assert.Equal(LoadStatus.Succeeded, result.Status); // a refused nudge is logged, not fatal
        Assert.Equal(new[] { "platform_sales_per_price-v1", "platform_sales_week_per_price-v1" }, _h.Es.ScheduledNow);
        Assert.Contains(_h.Logs.Lines, l => l.Contains("platform_sales_per_price-v1") && l.Contains("transform is stopped"));
    }

    [Fact]
    public async Task ABackfillToTheLastDayMySqlHoldsReadsEverySaleFromItsStart()
    {
        await _h.InsertGoodSalesAsync(4);

        var result = await _h.Loader().BackfillAsync(_h.Source(), BackfillRange.Parse("--from", "2000-01-01", false), BackfillRange.Parse("--to", "9999-12-31", true), null, default);

        Assert.Equal((LoadStatus.Succeeded, 4L), (result.Status, result.Indexed));
    }

    [Fact]
    public async Task BackfillReReadsTheSoldRangeWithoutMovingTheWatermark()
    {
        var day = _h.Base.Date.AddDays(-3);
        var ids = new List<long>();
        for (var i = 0; i < 9; i++)
            ids.Add(await _h.InsertSaleAsync("S1", LoaderHarness.Card(i), 10m, day.AddDays(i / 3).AddHours(12), _h.Base.AddSeconds(i)));
        var source = _h.Source();
        await _h.Loader().LoadAsync(source, null, default);
        var watermark = (await _h.StateAsync())!.Watermark;
        await TestClients.Elasticsearch(_h.Es.Url).SendOrThrowAsync(HttpMethod.Delete, "platform_sales-v1", null, default);
        _h.Es.CreateIndex("platform_sales-v1", new System.Text.Json.Nodes.JsonObject { ["aliases"] = new System.Text.Json.Nodes.JsonObject { [IndexNames.Sales] = new System.Text.Json.Nodes.JsonObject() } });

        var from = BackfillRange.Parse("--from", day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), endOfDay: false);
        var to = BackfillRange.Parse("--to", day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), endOfDay: true);
        var result = await _h.Loader().BackfillAsync(source, from, to, null, default);

        Assert.Equal((LoadStatus.Succeeded, 3L), (result.Status, result.Indexed));
        Assert.Equal(ids.Skip(3).Take(3).Select(i => $"platform_sales-{i}"), _h.Docs(IndexNames.Sales).Keys.Order());
        var state = await _h.StateAsync();
        Assert.Equal(watermark, state!.Watermark);
        Assert.Equal(9 + 3, state.TotalRowsIndexed);
    }

    [Fact]
    public async Task MissingCardHmacKeyIsAClearErrorBeforeAnythingIsTouched()
    {
        await _h.InsertGoodSalesAsync(1);
        var loader = _h.Loader(settings: new Dictionary<string, string?> { ["CARD_HMAC_KEY"] = null });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => loader.LoadAsync(_h.Source(), null, default));

        Assert.Contains("CARD_HMAC_KEY is not set", ex.Message);
        Assert.Empty(_h.Es.Requests);
    }

    [Fact]
    public async Task NoRawCardNumberReachesTheClusterOrTheLogs()
    {
        var cards = new List<string>();
        var sold = _h.Base.AddHours(-1);
        for (var i = 0; i < 6; i++)
        {
            var card = i % 2 == 0 ? LoaderHarness.Card(9000 + i) : $"5{i}12 3456 7890 12{i}4";
            cards.Add(card);
            await _h.InsertSaleAsync("S1", card, 10m + i, sold, _h.Base.AddSeconds(i));
        }
        cards.Add("1234-5678-901"); // too short: dead-lettered
        await _h.InsertSaleAsync("S1", cards[^1], 10m, sold, _h.Base.AddSeconds(10));
        cards.Add("4000-12AB-0000-0007"); // not digits: dead-lettered
        await _h.InsertSaleAsync("S1", cards[^1], 10m, sold, _h.Base.AddSeconds(11));
        _h.Es.BulkItemFault = c => c.Index == IndexNames.Sales && c.Source?["amount_sale"]?.GetValue<decimal>() == 12m
            ? (400, "mapper_parsing_exception", "failed to parse") : null;

        await _h.Loader().LoadAsync(_h.Source(pageRows: 3), null, default);

        Assert.Equal(3, _h.Es.DocumentsOf(IndexNames.DeadLetter).Count);
        var everything = string.Join("\n", _h.Es.Requests.Select(r => r.Path + " " + r.Body).Concat(_h.Logs.Lines));
        foreach (var card in cards)
        {
            Assert.DoesNotContain(card, everything);
            var digits = new string(card.Where(char.IsAsciiDigit).ToArray());
            Assert.DoesNotContain(digits, everything);
        }
        Assert.Contains(_h.Logs.Lines, l => l.Contains("dead-lettered")); // the scan did see log lines
    }

    /// <summary>Every row at or below the watermark is in the index: the watermark never passed an unindexed row.</summary>
    private void AssertWatermarkCoversOnlyIndexedRows(ChangeKey? watermark, List<long> ids)
    {
        if (watermark is not { } w) return;
        var docs = _h.Docs(IndexNames.Sales);
        for (var i = 0; i < ids.Count; i++)
            if (new ChangeKey(_h.Base.AddSeconds(i), ids[i]) <= w) Assert.Contains($"platform_sales-{ids[i]}", docs.Keys);
    }
}
