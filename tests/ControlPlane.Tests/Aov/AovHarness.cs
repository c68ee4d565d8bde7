using System.Globalization;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Loading;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.Generation;
using ControlPlane.Tests.Loading;
using ControlPlane.Tests.Planning;

namespace ControlPlane.Tests.Aov;

/// <summary>
/// The repository's assets applied to the fake (which runs the AOV transforms as Elasticsearch does, on its own manual
/// clock), a MariaDB source and the loader: MySQL rows in, transform rows out.
/// </summary>
public sealed class AovHarness : IAsyncDisposable
{
    public static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    private readonly FixtureTree? _assets;

    private AovHarness(LoaderHarness loader, ManualTimeProvider clock, FixtureTree? assets) => (H, Clock, _assets) = (loader, clock, assets);

    public LoaderHarness H { get; }
    public ManualTimeProvider Clock { get; }
    public FakeElasticsearch Es => H.Es;

    /// <summary>The repository's assets; with <paramref name="fraudRules"/> false, a copy of them with the fraud rule disabled.</summary>
    public static async Task<AovHarness> StartAsync(bool fraudRules = true)
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));
        FixtureTree? assets = null;
        if (!fraudRules)
        {
            assets = FixtureTree.CopyRepository();
            assets.Replace("elastic-assets/fraud-rules/aov-spike-repeat.yml", "enabled: true", "enabled: false");
        }
        return new AovHarness(await LoaderHarness.StartAsync(applyRepositoryAssets: true, clock, assets?.Path), clock, assets);
    }

    /// <summary>One load run of the platform_sales source (which also asks both transforms to run now, at the fake's clock).</summary>
    public async Task LoadAsync(string overlap = "5m")
    {
        var result = await H.Loader().LoadAsync(H.Source(overlap: overlap), null, default);
        Assert.True(result.Status == LoadStatus.Succeeded, result.Summary());
    }

    /// <summary>The transform that writes the index behind <paramref name="alias"/> (as the loader finds it).</summary>
    public string TransformOf(string alias)
    {
        var index = Es.Aliases.Single(a => a.Name == alias).Index;
        return Es.Transforms.Single(t => t.Value.Config["dest"]?["index"]?.ToString() == index).Key;
    }

    /// <summary>Moves the fake's clock, then runs one checkpoint of the transform behind <paramref name="alias"/>; it must not fail.</summary>
    public async Task RunAsync(string alias, TimeSpan after)
    {
        Clock.Advance(after);
        var id = TransformOf(alias);
        await TestSupport.TestClients.Elasticsearch(Es.Url).SendOrThrowAsync(HttpMethod.Post, $"_transform/{id}/_schedule_now", null, default);
        Assert.True(Es.Transforms[id].State != "failed", $"{id} failed: {Es.Transforms[id].FailureReason}");
    }

    /// <summary>The daily, then the weekly transform, each past its sync delay.</summary>
    public async Task CheckpointAsync()
    {
        await RunAsync(IndexNames.DailyAov, TimeSpan.FromMinutes(5));
        await RunAsync(IndexNames.WeeklyAov, TimeSpan.FromMinutes(5));
    }

    /// <summary>A Seoul wall-clock time as the source stores sold_at.</summary>
    public static DateTime Local(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0);

    /// <summary>Daily rows of the index by (store, Seoul day) → (total_sale, num_customer).</summary>
    public Dictionary<(string Store, DateOnly Day), (double Total, long Cards)> DailyRows() =>
        Es.DocumentsOf(IndexNames.DailyAov).ToDictionary(
            d => (d.Source["store_id"]!.ToString(), SeoulDay(d.Source["date"]!)),
            d => (Number(d.Source["total_sale"]), (long)Number(d.Source["num_customer"])));

    /// <summary>Weekly rows by (store, window-end day) → (total_sale, num_customer).</summary>
    public Dictionary<(string Store, DateOnly Day), (double Total, long Cards)> WeeklyRows() =>
        Es.DocumentsOf(IndexNames.WeeklyAov).ToDictionary(
            d => (d.Source["store_id"]!.ToString(), DateOnly.ParseExact(d.Source["date"]!.ToString()[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture)),
            d => (Number(d.Source["total_sale"]), (long)Number(d.Source["num_customer"])));

    private static double Number(JsonNode? n) => n is null ? 0 : double.Parse(n.ToJsonString().Trim('"'), CultureInfo.InvariantCulture);

    /// <summary>The local day of a daily row's <c>date</c>: the instant its Seoul day starts.</summary>
    public static DateOnly SeoulDay(JsonNode date)
    {
        Assert.True(FakeDates.TryInstant(date, out var instant), $"daily date {date.ToJsonString()} is not an instant");
        var local = TimeZoneInfo.ConvertTime(instant, Seoul);
        Assert.Equal(TimeSpan.Zero, local.TimeOfDay); // the transform writes the instant the local day starts
        return DateOnly.FromDateTime(local.DateTime);
    }

    /// <summary>What MySQL says: per store and local day of the good, not deleted rows, the sum of amounts and distinct cards.</summary>
    public Task<Dictionary<(string Store, DateOnly Day), (double Total, long Cards)>> ExpectedDailyAsync() => ExpectedDailyAsync(H.Db);

    /// <summary>The same, from any test database holding the platform_sales table.</summary>
    public static async Task<Dictionary<(string Store, DateOnly Day), (double Total, long Cards)>> ExpectedDailyAsync(TestSupport.MySqlTestDatabase db)
    {
        var rows = await GenerationFixture.QueryAsync(db, """
            SELECT store_id, DATE(sold_at), SUM(amount_sale), COUNT(DISTINCT card_number) FROM platform_sales
             WHERE deleted_at IS NULL AND amount_sale IS NOT NULL AND card_number IS NOT NULL GROUP BY store_id, DATE(sold_at)
            """);
        return rows.ToDictionary(r => ((string)r[0]!, DateOnly.FromDateTime((DateTime)r[1]!)), r => (Convert.ToDouble(r[2]), Convert.ToInt64(r[3])));
    }

    /// <summary>interface.md: weekly figures of window-end day D are the sums of the daily ones over D−6..D.</summary>
    public static (double Total, long Cards) Window(Dictionary<(string Store, DateOnly Day), (double Total, long Cards)> daily, string store, DateOnly end)
    {
        var days = daily.Where(kv => kv.Key.Store == store && kv.Key.Day > end.AddDays(-7) && kv.Key.Day <= end).Select(kv => kv.Value).ToList();
        return (days.Sum(d => d.Total), days.Sum(d => d.Cards));
    }

    public async ValueTask DisposeAsync()
    {
        await H.DisposeAsync();
        _assets?.Dispose();
    }
}
