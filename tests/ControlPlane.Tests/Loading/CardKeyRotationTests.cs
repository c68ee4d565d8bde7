using System.Globalization;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Loading;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Loading;

/// <summary>
/// Card key rotation: the loader state records which key (id and check value) a source's fingerprints were made with; a
/// different key is refused before anything is written, unless the rotation procedure is under way (the old key given as
/// CARD_HMAC_PREVIOUS_KEY with its id), after which backfill re-fingerprints the old sales with the new key.
/// </summary>
public sealed class CardKeyRotationTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;

    public async Task InitializeAsync() => _h = await LoaderHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private LoadService Loader(string key, string id, string? previousKey = null, string? previousId = null) => _h.Loader(settings: new Dictionary<string, string?>
    {
        ["CARD_HMAC_KEY"] = key, ["CARD_HMAC_KEY_ID"] = id, ["CARD_HMAC_PREVIOUS_KEY"] = previousKey, ["CARD_HMAC_PREVIOUS_KEY_ID"] = previousId,
    });

    private static string Fingerprint(string key, string id, string card) =>
        CardFingerprint.Create(key, id).Fingerprint(card.Replace("-", "", StringComparison.Ordinal));

    [Theory]
    [InlineData("a-new-key", "k1")] // the key changed under the same id
    [InlineData("a-new-key", "k2")] // a new key and id, but no rotation under way
    public async Task AKeyOtherThanTheOneTheIndexWasWrittenWithIsRefusedBeforeAnyWrite(string key, string id)
    {
        await _h.InsertSaleAsync("S1", LoaderHarness.Card(1), 10m, _h.Base.AddDays(-1), _h.Base);
        Assert.Equal(LoadStatus.Succeeded, (await Loader("the-old-key", "k1").LoadAsync(_h.Source(), null, default)).Status);
        var newRow = await _h.InsertSaleAsync("S1", LoaderHarness.Card(2), 20m, _h.Base.AddDays(-1), _h.Base.AddSeconds(5));

        var result = await Loader(key, id).LoadAsync(_h.Source(), null, default);

        Assert.Equal(LoadStatus.Failed, result.Status);
        Assert.Contains("CARD_HMAC_PREVIOUS_KEY", result.Message);
        Assert.DoesNotContain("the-old-key", result.Message);
        Assert.DoesNotContain(key, result.Message);
        Assert.DoesNotContain($"platform_sales-{newRow}", _h.Docs(IndexNames.Sales).Keys);
        Assert.Equal(("k1", CardFingerprint.Create("the-old-key", "k1").KeyCheck), ((await _h.StateAsync())!.CardKeyId, (await _h.StateAsync())!.CardKeyCheck));
    }

    [Fact]
    public async Task WithThePreviousKeyGivenTheNewKeyTakesOverAndBackfillReFingerprintsTheOldSales()
    {
        var card = LoaderHarness.Card(7);
        var old = await _h.InsertSaleAsync("S1", card, 10m, _h.Base.AddDays(-1), _h.Base);
        Assert.Equal(LoadStatus.Succeeded, (await Loader("the-old-key", "k1").LoadAsync(_h.Source(), null, default)).Status);
        Assert.Equal(Fingerprint("the-old-key", "k1", card), _h.Docs(IndexNames.Sales)[$"platform_sales-{old}"].Source["card_fingerprint"]!.ToString());
        var fresh = await _h.InsertSaleAsync("S1", card, 11m, _h.Base.AddDays(-1), _h.Base.AddSeconds(5));

        var rotating = Loader("the-new-key", "k2", previousKey: "the-old-key", previousId: "k1");
        Assert.Equal(LoadStatus.Succeeded, (await rotating.LoadAsync(_h.Source(), null, default)).Status);
        Assert.Equal(LoadStatus.Succeeded, (await rotating.BackfillAsync(_h.Source(), _h.Base.AddDays(-2), _h.Base, null, default)).Status);

        var docs = _h.Docs(IndexNames.Sales);
        var renewed = Fingerprint("the-new-key", "k2", card);
        Assert.Equal(renewed, docs[$"platform_sales-{fresh}"].Source["card_fingerprint"]!.ToString());
        Assert.Equal(renewed, docs[$"platform_sales-{old}"].Source["card_fingerprint"]!.ToString()); // backfill re-fingerprinted it
        Assert.All([fresh, old], id => Assert.Equal("k2", docs[$"platform_sales-{id}"].Source["card_key_id"]!.ToString())); // each fingerprint names its key
        Assert.Equal("k2", (await _h.StateAsync())!.CardKeyId);
        // Once rotated, the new key runs alone; the old one is refused from now on.
        Assert.Equal(LoadStatus.Succeeded, (await Loader("the-new-key", "k2").LoadAsync(_h.Source(), null, default)).Status);
        Assert.Equal(LoadStatus.Failed, (await Loader("the-old-key", "k1").LoadAsync(_h.Source(), null, default)).Status);
    }

    [Fact]
    public async Task DuringTheRotationTheFraudCheckCountsACardsSalesUnderTheOldKeyAsTheSameCard()
    {
        // aov-spike-repeat: more than 2 × the weekly AOV of the day before, and the same card and amount 3 times in 7 days.
        var d = DateOnly.FromDateTime(_h.Base).AddDays(-3);
        var es = TestClients.Elasticsearch(_h.Es.Url);
        foreach (var day in new[] { d.AddDays(-3), d.AddDays(-2), d.AddDays(-1) })
        {
            var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await es.SendOrThrowAsync(HttpMethod.Put, $"{IndexNames.WeeklyAov}/_doc/S1-{date}", new JsonObject
            {
                ["store_id"] = "S1", ["date"] = date, ["week_aov"] = 100.0, ["total_sale"] = 1000.0, ["num_customer"] = 10, ["days"] = 7,
            }, default);
        }
        DateTime At(int dayOffset) => d.AddDays(dayOffset).ToDateTime(new TimeOnly(10, 0));
        var card = LoaderHarness.Card(3);
        // Two payments fingerprinted with the old key, then an unrelated row that moves the watermark past the overlap,
        // so the rotating run does not re-read (and re-fingerprint) them: it must find them under their old fingerprint.
        await _h.InsertSaleAsync("S1", card, 250m, At(-2), _h.Base);
        await _h.InsertSaleAsync("S1", card, 250m, At(-1), _h.Base.AddSeconds(1));
        await _h.InsertSaleAsync("S1", LoaderHarness.Card(4), 5m, At(-1), _h.Base.AddMinutes(20));
        Assert.Equal(LoadStatus.Succeeded, (await Loader("the-old-key", "k1").LoadAsync(_h.Source(overlap: "5m"), null, default)).Status);
        Assert.Empty(_h.Es.DocumentsOf(IndexNames.FraudSales));

        var third = await _h.InsertSaleAsync("S1", card, 250m, At(0), _h.Base.AddMinutes(30));
        var rotating = Loader("the-new-key", "k2", previousKey: "the-old-key", previousId: "k1");
        var result = await rotating.LoadAsync(_h.Source(overlap: "5m"), null, default);

        Assert.Equal((LoadStatus.Succeeded, 2L), (result.Status, result.Read)); // the third payment and the unrelated row only
        var flagged = _h.Docs(IndexNames.FraudSales);
        Assert.Contains($"platform_sales-{third}", flagged.Keys);
        Assert.Equal(Fingerprint("the-new-key", "k2", card), flagged[$"platform_sales-{third}"].Source["card_fingerprint"]!.ToString());
        // The old sales keep their old fingerprint until the backfill: nothing but the new sale was written for them.
        Assert.Single(flagged);
    }
}
