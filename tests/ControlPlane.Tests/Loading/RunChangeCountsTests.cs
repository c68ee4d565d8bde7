using ControlPlane.Elastic;
using ControlPlane.Loading;

namespace ControlPlane.Tests.Loading;

/// <summary>
/// docs/design.md "Counts": a run's indexed rows split into sales new to the index (Elasticsearch answered 201 created:
/// https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-bulk, the fake answers as FakeElasticsearch.Documents
/// does), sales updated, and the overlap's re-reads at or below the starting watermark, which change nothing.
/// </summary>
public sealed class RunChangeCountsTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;

    public async Task InitializeAsync() => _h = await LoaderHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ARunCountsNewUpdatedAndUnchangedReReadSalesApartFromTheRowsItRead()
    {
        var ids = await _h.InsertGoodSalesAsync(10);
        var source = _h.Source(overlap: "5m");
        var first = await _h.Loader().LoadAsync(source, null, default);
        Assert.Equal(new LoadChanges(10, 0, 0), first.Changes);

        // Two sales change, three are new, and one is committed late with an updated_at inside the overlap.
        await _h.Db.ExecuteAsync("UPDATE platform_sales SET amount_sale = 77, updated_at = @u WHERE id IN (@a, @b)",
            ("@u", LoaderHarness.Text(_h.Base.AddMinutes(1))), ("@a", ids[2]), ("@b", ids[7]));
        await _h.InsertGoodSalesAsync(3, _h.Base.AddMinutes(2));
        await _h.InsertSaleAsync("S1", LoaderHarness.Card(500), 5m, _h.Base.AddHours(-1), _h.Base.AddSeconds(4).AddTicks(5));
        var second = await _h.Loader().LoadAsync(source, null, default);

        // Read: the 8 untouched rows again (overlap), the 2 updated, the 3 new and the late one.
        Assert.Equal((14, 14), (second.Read, second.Indexed));
        Assert.Equal(new LoadChanges(New: 4, Updated: 2, Unchanged: 8), second.Changes);
        Assert.Contains("read 14, indexed 14 (new 4, updated 2, unchanged re-reads 8)", second.Summary());
        var state = (await _h.StateAsync())!;
        Assert.Equal((4L, 2L, 8L), (state.LastRunSalesNew, state.LastRunSalesUpdated, state.LastRunSalesUnchanged));
        Assert.Equal(14, _h.Es.DocumentsOf(IndexNames.Sales).Count);
        Assert.Empty(_h.Es.SchemaViolations); // the state document's new fields are in its strict mapping

        // Nothing changed since: every row read is an unchanged re-read.
        var third = await _h.Loader().LoadAsync(source, null, default);
        Assert.Equal(new LoadChanges(0, 0, third.Indexed), third.Changes);
        Assert.True(third.Indexed > 0);
    }
}
