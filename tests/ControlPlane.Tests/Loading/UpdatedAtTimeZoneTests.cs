using System.Globalization;
using ControlPlane.Api;
using ControlPlane.Elastic;
using ControlPlane.Loading;
using ControlPlane.Sources;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace ControlPlane.Tests.Loading;

/// <summary>
/// Issue 14: updated_at is stamped by the database's clock in its session's zone, not in the source's business zone.
/// Each case runs the writer's and the loader's MariaDB sessions in one zone (the session variable only: the server is
/// shared) and the source in another, and checks what users see: the documents' updated_at, the dead letter, the
/// watermark and the status page's lag, to the second.
/// </summary>
public sealed class UpdatedAtTimeZoneTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;
    public async Task InitializeAsync() => _h = await LoaderHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>
    /// A row stamped by the database's clock: updated_at = NOW(6) − age in the session's zone, as CURRENT_TIMESTAMP(6)
    /// stamps it; returns its id and the instant that means (UTC_TIMESTAMP(6) of the same statement, so the same moment).
    /// </summary>
    private async Task<(long Id, DateTimeOffset Instant)> InsertStampedAsync(MySqlConnection session, int n, TimeSpan age, decimal? amount = 10m)
    {
        DateTime now, utc;
        await using (var clock = new MySqlCommand("SELECT NOW(6), UTC_TIMESTAMP(6)", session))
        await using (var reader = await clock.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            (now, utc) = (reader.GetDateTime(0), reader.GetDateTime(1));
        }
        await using var insert = new MySqlCommand(
            "INSERT INTO platform_sales (platform, store_id, card_number, amount_sale, sold_at, updated_at) VALUES ('Kakao', 'S1', @card, @amount, '2026-11-21 14:05:00', @updated)", session);
        insert.Parameters.AddWithValue("@card", LoaderHarness.Card(n));
        insert.Parameters.AddWithValue("@amount", (object?)amount ?? DBNull.Value);
        insert.Parameters.AddWithValue("@updated", now - age);
        await insert.ExecuteNonQueryAsync();
        return (insert.LastInsertedId, new DateTimeOffset(DateTime.SpecifyKind(utc - age, DateTimeKind.Unspecified), TimeSpan.Zero));
    }

    private static DateTimeOffset Instant(FakeDocument doc, string field) =>
        DateTimeOffset.Parse(doc.Source[field]!.ToString(), CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("+00:00", "Asia/Seoul")]            // the scenario: a server left in UTC, the source in Seoul
    [InlineData("Asia/Seoul", "America/New_York")]
    [InlineData("America/New_York", "Asia/Seoul")]  // a session zone with daylight saving
    public async Task RowsStampedFiveMinutesAgoShowAFiveMinuteLagAndTheirTrueUpdatedAt(string sessionZone, string sourceZone)
    {
        await using var session = await _h.Db.OpenInZoneAsync(sessionZone);
        var good = await InsertStampedAsync(session, 1, TimeSpan.FromMinutes(5).Add(TimeSpan.FromSeconds(2)));
        var bad = await InsertStampedAsync(session, 2, TimeSpan.FromMinutes(5).Add(TimeSpan.FromSeconds(1)), amount: null);
        var last = await InsertStampedAsync(session, 3, TimeSpan.FromMinutes(5));
        var source = _h.Source(lag: "30s");
        source.TimeZone = sourceZone;

        var result = await _h.Loader(settings: new Dictionary<string, string?> { ["Loader:MySqlSessionTimeZone"] = sessionZone }).LoadAsync(source, null, default);

        Assert.Equal((LoadStatus.Succeeded, 2, 1), (result.Status, result.Indexed, result.DeadLettered));
        var docs = _h.Docs(IndexNames.Sales);
        Assert.Equal(good.Instant, Instant(docs[$"platform_sales-{good.Id}"], "updated_at"));
        Assert.Equal(last.Instant, Instant(docs[$"platform_sales-{last.Id}"], "updated_at"));
        // sold_at stays local time of the source's zone.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(sourceZone);
        var soldAt = new DateTime(2026, 11, 21, 14, 5, 0);
        Assert.Equal(new DateTimeOffset(soldAt, zone.GetUtcOffset(soldAt)), Instant(docs[$"platform_sales-{last.Id}"], "sold_at"));

        var dead = Assert.Single(_h.Es.DocumentsOf(IndexNames.DeadLetter));
        Assert.Equal(bad.Instant, DateTimeOffset.Parse(dead.Source["raw"]!["updated_at"]!.ToString(), CultureInfo.InvariantCulture));

        var state = (await _h.StateAsync())!;
        Assert.Equal(last.Instant, DateTimeOffset.ParseExact(state.WatermarkUpdatedAt!, LoaderState.WatermarkFormat, CultureInfo.InvariantCulture));
        // The status page five minutes after the last stamp (its own clock, pinned here): a lag of five minutes, not hours.
        var status = await StatusAt(last.Instant.AddMinutes(5));
        Assert.Equal(TimeSpan.FromMinutes(5), status.Sources.Single(s => s.Name == "platform_sales").Lag);
        Assert.Contains(_h.Logs.Lines, m => m.Contains($"updated_at read as database session zone {sessionZone}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RowsStampedOnBothSidesOfADaylightSavingChangeEachGetTheirOwnOffset()
    {
        await using var session = await _h.Db.OpenInZoneAsync("America/New_York");
        // Values as a New York session stamps them in July (-04:00) and January (-05:00); a single offset learned now would miss one.
        var summer = await _h.InsertSaleAsync("S1", LoaderHarness.Card(1), 10m, _h.Base, new DateTime(2025, 7, 1, 12, 0, 0));
        var winter = await _h.InsertSaleAsync("S1", LoaderHarness.Card(2), 10m, _h.Base, new DateTime(2026, 1, 15, 12, 0, 0).AddTicks(1234560));
        var source = _h.Source();

        await _h.Loader(settings: new Dictionary<string, string?> { ["Loader:MySqlSessionTimeZone"] = "America/New_York" }).LoadAsync(source, null, default);

        var docs = _h.Docs(IndexNames.Sales);
        Assert.Equal("2025-07-01T12:00:00.000000-04:00", docs[$"platform_sales-{summer}"].Source["updated_at"]!.ToString());
        Assert.Equal("2026-01-15T12:00:00.123456-05:00", docs[$"platform_sales-{winter}"].Source["updated_at"]!.ToString());
    }

    [Fact]
    public async Task ADeclaredUpdatedAtZoneReadsTheValuesAsThatZonesLocalTimeWhateverTheSession()
    {
        // An application writes its own Seoul wall-clock time into updated_at; the loader's session stays in UTC.
        var written = await _h.InsertSaleAsync("S1", LoaderHarness.Card(1), 10m, _h.Base, _h.Base);
        var source = _h.Source();
        source.TimeZone = "America/New_York";
        source.UpdatedAtTimeZone = "Asia/Seoul";

        await _h.Loader(settings: new Dictionary<string, string?> { ["Loader:MySqlSessionTimeZone"] = "+00:00" }).LoadAsync(source, null, default);

        var doc = _h.Docs(IndexNames.Sales)[$"platform_sales-{written}"];
        Assert.Equal(new DateTimeOffset(_h.Base, TimeSpan.FromHours(9)), Instant(doc, "updated_at"));
        Assert.Contains(_h.Logs.Lines, m => m.Contains("updated_at read as declared Asia/Seoul", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheVersionAndDeadLetterIdOfARowVersionDoNotDependOnTheZoneItIsReadIn()
    {
        var bad = await _h.InsertSaleAsync("S1", LoaderHarness.Card(1), null, _h.Base, _h.Base.AddTicks(10));
        var good = await _h.InsertSaleAsync("S1", LoaderHarness.Card(2), 10m, _h.Base, _h.Base);
        var source = _h.Source();

        await _h.Loader(settings: new Dictionary<string, string?> { ["Loader:MySqlSessionTimeZone"] = "Asia/Seoul" }).LoadAsync(source, null, default);
        var version = _h.Docs(IndexNames.Sales)[$"platform_sales-{good}"].Version;
        source.ChangeCapture.Overlap = "1000d"; // re-read everything, now in another session zone
        await _h.Loader(settings: new Dictionary<string, string?> { ["Loader:MySqlSessionTimeZone"] = "America/New_York" }).LoadAsync(source, null, default);

        Assert.Equal(version, _h.Docs(IndexNames.Sales)[$"platform_sales-{good}"].Version);
        var dead = Assert.Single(_h.Es.DocumentsOf(IndexNames.DeadLetter)); // the same _id: overwritten, not duplicated
        Assert.Equal($"platform_sales-{bad}-{_h.Base.AddTicks(10).Ticks}", dead.Id);
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.Equal(new DateTimeOffset(_h.Base, newYork.GetUtcOffset(_h.Base)), Instant(_h.Docs(IndexNames.Sales)[$"platform_sales-{good}"], "updated_at"));
    }

    [Fact]
    public void AnUnknownUpdatedAtZoneIsRefusedByFile()
    {
        var folder = Directory.CreateTempSubdirectory();
        try
        {
            var file = Path.Combine(folder.FullName, "shop.yml");
            File.WriteAllText(file, "kind: source\nname: shop\nversion: 1\ntable: shop\nplatform: shop\nupdated_at_time_zone: Mars/Olympus\n");
            var ex = Assert.Throws<ControlPlane.Assets.AssetException>(() => SourceCatalog.LoadFile(new ControlPlane.Assets.AssetRoot(folder.FullName), file));
            Assert.Contains("shop.yml", ex.Message);
            Assert.Contains("unknown updated_at_time_zone 'Mars/Olympus'", ex.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<StatusReport> StatusAt(DateTimeOffset now)
    {
        var provider = _h.Services(configure: s => s.AddSingleton<TimeProvider>(new ManualTimeProvider(now)));
        return await provider.GetRequiredService<StatusService>().BuildAsync(default);
    }
}
