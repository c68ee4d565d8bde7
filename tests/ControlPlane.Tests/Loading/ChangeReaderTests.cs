using ControlPlane.Loading;
using Microsoft.Extensions.Options;

namespace ControlPlane.Tests.Loading;

/// <summary>The keyset reader against real MariaDB: microseconds, ties on updated_at, bounds.</summary>
public sealed class ChangeReaderTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;
    public async Task InitializeAsync() => _h = await LoaderHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>A placeholder: each read replaces it with the clock of its own connection, as a run does.</summary>
    private static readonly UpdatedAtClock Clock = UpdatedAtClock.Declared(TimeZoneInfo.Utc, DateTimeOffset.UnixEpoch);

    private async Task<List<ChangePage>> ReadAllAsync(ChangeWindow window, int pageRows)
    {
        var reader = new ChangeReader(Options.Create(new LoaderOptions()));
        await using var connection = await ChangeReader.OpenAsync(_h.Db.ConnectionString, default);
        window = window with { Clock = await ChangeReader.ReadClockAsync(connection, _h.Source(), default) };
        var pages = new List<ChangePage>();
        await foreach (var page in reader.ReadAsync(connection, _h.Source(pageRows: pageRows), window, default)) pages.Add(page);
        return pages;
    }

    [Fact]
    public async Task RowsSharingAnUpdatedAtAcrossAPageBoundaryAreEachReadOnceInKeyOrder()
    {
        var tie = _h.Base.AddTicks(1234560); // 123456 µs past the second
        var ids = new List<long>();
        for (var i = 0; i < 7; i++) ids.Add(await _h.InsertSaleAsync("S1", LoaderHarness.Card(i), 1m, _h.Base, i < 5 ? tie : tie.AddTicks(10)));

        var pages = await ReadAllAsync(new ChangeWindow(ChangeKey.Start, _h.Base.AddDays(1)) { Clock = Clock }, pageRows: 3);

        Assert.Equal([0L, 1L, 2L], pages.Select(p => p.Sequence));
        Assert.Equal(ids, pages.SelectMany(p => p.Rows).Select(r => r.Id));
        Assert.Equal(new ChangeKey(tie, ids[2]), pages[0].LastKey);
        Assert.Equal(tie.AddTicks(10), pages[2].Rows[^1].UpdatedAt); // microseconds survive the driver
    }

    [Fact]
    public async Task TheWindowStartsAfterItsKeyAndEndsAtTheUpperBoundInclusive()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add(await _h.InsertSaleAsync("S1", LoaderHarness.Card(i), 1m, _h.Base, _h.Base.AddSeconds(i)));

        var rows = (await ReadAllAsync(new ChangeWindow(new ChangeKey(_h.Base.AddSeconds(1), ids[1]), _h.Base.AddSeconds(3)) { Clock = Clock }, 100))
            .SelectMany(p => p.Rows).Select(r => r.Id);

        Assert.Equal([ids[2], ids[3]], rows);
    }

    [Fact]
    public async Task ABackfillWindowReadsOnlyRowsSoldInTheRange()
    {
        var day = _h.Base.Date.AddDays(-5);
        var inside = await _h.InsertSaleAsync("S1", LoaderHarness.Card(1), 1m, day.AddHours(23).AddMinutes(59), _h.Base);
        await _h.InsertSaleAsync("S1", LoaderHarness.Card(2), 1m, day.AddDays(1), _h.Base.AddSeconds(1));
        await _h.InsertSaleAsync("S1", LoaderHarness.Card(3), 1m, day.AddTicks(-10), _h.Base.AddSeconds(2));

        var window = new ChangeWindow(ChangeKey.Start, _h.Base.AddDays(1), day, day.AddDays(1).AddTicks(-10)) { Clock = Clock };
        var rows = (await ReadAllAsync(window, 10)).SelectMany(p => p.Rows).ToList();

        Assert.Equal(inside, Assert.Single(rows).Id);
        Assert.Equal(1m, rows[0].AmountSale);
    }

    [Fact]
    public void AColumnNameThatIsNotAPlainIdentifierIsRefusedByFile()
    {
        var source = _h.Source();
        source.Columns.StoreId = "store_id; DROP TABLE x";
        var ex = Assert.Throws<ArgumentException>(() => SourceQuery.For(source, soldAtRange: false));
        Assert.Contains("elastic-assets/sources/platform_sales.yml", ex.Message);
    }

    [Fact]
    public async Task AnUnreachableDatabaseIsNamedWithoutItsPassword()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ChangeReader.OpenAsync("Server=127.0.0.1;Port=1;User ID=u;Password=secret-pw;Database=shop;SslMode=None;Connection Timeout=2", default));
        Assert.Contains("127.0.0.1:1/shop", ex.Message);
        Assert.Contains("MYSQL_CONNECTION", ex.Message);
        Assert.DoesNotContain("secret-pw", ex.Message);
    }
}
