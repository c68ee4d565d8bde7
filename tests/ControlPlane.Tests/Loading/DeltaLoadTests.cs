using System.Globalization;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Loading;

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
        // The external version is updated_at (Asia/Seoul wall clock) in microseconds since the epoch.
        var updated = new DateTimeOffset(_h.Base.AddSeconds(3), TimeSpan.FromHours(9));
        Assert.Equal((updated.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10, doc.Version);

        var state = await _h.StateAsync();
        Assert.NotNull(state);
        Assert.Equal(new ChangeKey(_h.Base.AddSeconds(24), ids[^1]), state.Watermark);
        Assert.Equal("succeeded", state.LastRunStatus);
        Assert.Null(state.LeaseOwner);
        Assert.Equal(second.Read, state.LastRunRowsRead);
        Assert.Empty(_h.Es.SchemaViolations);
    }
}
