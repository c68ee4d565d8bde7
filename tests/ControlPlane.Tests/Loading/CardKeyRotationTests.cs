using ControlPlane.Elastic;
using ControlPlane.Loading;

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
        Assert.Equal("k2", (await _h.StateAsync())!.CardKeyId);
        // Once rotated, the new key runs alone; the old one is refused from now on.
        Assert.Equal(LoadStatus.Succeeded, (await Loader("the-new-key", "k2").LoadAsync(_h.Source(), null, default)).Status);
        Assert.Equal(LoadStatus.Failed, (await Loader("the-old-key", "k1").LoadAsync(_h.Source(), null, default)).Status);
    }
}
