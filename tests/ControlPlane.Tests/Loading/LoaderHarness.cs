using System.Globalization;
using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Elastic;
using ControlPlane.Http;
using ControlPlane.Loading;
using ControlPlane.Sources;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace ControlPlane.Tests.Loading;

/// <summary>
/// A loader against a real MariaDB database of its own and the fake Elasticsearch, with the indices behind their aliases
/// as apply creates them (<c>platform_sales-v1</c> behind <c>platform_sales</c>, …), and the repository's own source
/// definitions and fraud rule.
/// </summary>
public sealed class LoaderHarness : IAsyncDisposable
{
    public const string CardKey = "test-card-hmac-key";
    private readonly List<ServiceProvider> _providers = [];

    private LoaderHarness(FakeElasticsearch es, MySqlTestDatabase db, AssetRoot root, DateTime dbNow)
    {
        Es = es;
        Db = db;
        Root = root;
        // Test rows are written a day back on the database's own clock, so they are never inside the lag.
        Base = dbNow.Date.AddDays(-1).AddHours(10);
    }

    public FakeElasticsearch Es { get; }
    public MySqlTestDatabase Db { get; }
    public AssetRoot Root { get; }
    public CapturingLoggerProvider Logs { get; } = new();
    /// <summary>A base updated_at for test rows: yesterday 10:00 on the database clock.</summary>
    public DateTime Base { get; }

    /// <summary>
    /// With <paramref name="applyRepositoryAssets"/> the fake gets the repository's real assets through <c>apply</c> (templates,
    /// pipelines, indices, the AOV transforms, which the fake runs on <c>_schedule_now</c>) and <paramref name="clock"/> as its clock;
    /// otherwise plain indices behind the aliases. <paramref name="rootPath"/> replaces the repository as the asset root.
    /// </summary>
    public static async Task<LoaderHarness> StartAsync(bool applyRepositoryAssets = false, TimeProvider? clock = null, string? rootPath = null)
    {
        rootPath ??= RepositoryRoot.Path;
        var es = await FakeElasticsearch.StartAsync();
        if (clock is not null) es.Clock = clock;
        if (applyRepositoryAssets)
        {
            var apply = await Cli.CliRunner.RunAsync("apply", "--yes", "--root", rootPath, "--es-url", es.Url.ToString());
            if (apply.ExitCode != 0) throw new InvalidOperationException("apply failed: " + apply);
        }
        else
            foreach (var name in new[] { IndexNames.Sales, IndexNames.FraudSales, IndexNames.DeadLetter, IndexNames.LoaderState, IndexNames.DailyAov, IndexNames.WeeklyAov })
                es.CreateIndex($"{name}-v1", new JsonObject { ["aliases"] = new JsonObject { [name] = new JsonObject { ["is_write_index"] = true } } });
        var db = await MySqlTestDatabase.CreateAsync("loader");
        var root = new AssetRoot(rootPath);
        foreach (var source in SourceCatalog.Load(root)) await db.ExecuteAsync(source.Ddl!);
        await using var connection = await db.OpenAsync();
        await using var now = new MySqlCommand("SELECT NOW()", connection);
        var dbNow = (DateTime)(await now.ExecuteScalarAsync())!;
        return new LoaderHarness(es, db, root, dbNow);
    }

    /// <summary>A source from the repository with test-friendly capture settings (no lag by default).</summary>
    public SourceDefinition Source(string name = "platform_sales", int pageRows = 1000, string lag = "0s", string overlap = "5m", int pageBytes = 5 * 1024 * 1024)
    {
        var source = SourceCatalog.Get(Root, name);
        source.ChangeCapture.PageRows = pageRows;
        source.ChangeCapture.Lag = lag;
        source.ChangeCapture.Overlap = overlap;
        source.ChangeCapture.PageBytes = pageBytes;
        return source;
    }

    /// <summary>
    /// A loader wired as the host wires it (AddControlPlane), pointed at this harness. <paramref name="beforeSend"/> sees every
    /// Elasticsearch request first; <paramref name="settings"/> adds or overrides settings (null removes one).
    /// </summary>
    public LoadService Loader(string owner = "loader-a", Func<HttpRequestMessage, CancellationToken, Task>? beforeSend = null,
        IReadOnlyDictionary<string, string?>? settings = null) => Services(owner, beforeSend, settings).GetRequiredService<LoadService>();

    /// <summary>The whole service provider; <paramref name="configure"/> may replace registrations (e.g. the clock).</summary>
    public ServiceProvider Services(string owner = "loader-a", Func<HttpRequestMessage, CancellationToken, Task>? beforeSend = null,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ES_URL"] = Es.Url.ToString(),
            ["ES_RETRY_BASE_DELAY_MS"] = "1",
            ["MYSQL_CONNECTION"] = Db.ConnectionString,
            ["CARD_HMAC_KEY"] = CardKey,
            ["CONTROLPLANE_ROOT"] = Root.Path,
            ["Loader:Owner"] = owner,
            ["Loader:StateFlushInterval"] = "00:00:00",
            ["Loader:RetryBaseDelay"] = "00:00:00.001",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddControlPlane(config);
        if (beforeSend is not null)
        {
            var invoker = new global::Elastic.Transport.HttpRequestInvoker((inner, _) => new GateHandler(beforeSend, inner));
            services.AddSingleton(TestClients.Elasticsearch(TestClients.Options(Es.Url), invoker));
        }
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Weekly AOV documents as the transform writes them, one per (store, day).</summary>
    public async Task PutWeeklyAovAsync(string store, double aov, IEnumerable<DateOnly> days)
    {
        var es = TestClients.Elasticsearch(Es.Url);
        foreach (var day in days)
        {
            var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await es.SendOrThrowAsync(HttpMethod.Put, $"{IndexNames.WeeklyAov}/_doc/{store}-{date}", new JsonObject
            {
                ["store_id"] = store, ["date"] = date, ["week_aov"] = aov, ["total_sale"] = aov * 10, ["num_customer"] = 10, ["days"] = 7,
            }, default);
        }
    }

    /// <summary>Inserts a row into <c>platform_sales</c>; returns its id.</summary>
    public async Task<long> InsertSaleAsync(string store, string? card, decimal? amount, DateTime soldAt, DateTime updatedAt, string platform = "Kakao", DateTime? deletedAt = null)
    {
        await using var connection = await Db.OpenAsync();
        await using var command = new MySqlCommand(
            "INSERT INTO platform_sales (platform, store_id, card_number, amount_sale, sold_at, updated_at, deleted_at) VALUES (@p, @s, @c, @a, @sold, @u, @d)", connection);
        command.Parameters.AddWithValue("@p", platform);
        command.Parameters.AddWithValue("@s", store);
        command.Parameters.AddWithValue("@c", (object?)card ?? DBNull.Value);
        command.Parameters.AddWithValue("@a", (object?)amount ?? DBNull.Value);
        command.Parameters.AddWithValue("@sold", Text(soldAt));
        command.Parameters.AddWithValue("@u", Text(updatedAt));
        command.Parameters.AddWithValue("@d", deletedAt is { } d ? Text(d) : DBNull.Value);
        await command.ExecuteNonQueryAsync();
        return command.LastInsertedId;
    }

    /// <summary>Inserts <paramref name="count"/> good rows, one a second from <see cref="Base"/>, each with its own card; returns their ids.</summary>
    public async Task<List<long>> InsertGoodSalesAsync(int count, DateTime? from = null)
    {
        var ids = new List<long>();
        var start = from ?? Base;
        for (var i = 0; i < count; i++)
            ids.Add(await InsertSaleAsync($"S{i % 5}", Card(i), 10m + i, start.AddMinutes(-30).AddSeconds(i), start.AddSeconds(i)));
        return ids;
    }

    /// <summary>A distinct valid card number per <paramref name="n"/>, written with dashes as a till would.</summary>
    public static string Card(int n) => $"4000-1234-{n / 10000 % 10000:0000}-{n % 10000:0000}";

    public static string Text(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary>The stored state document of a source, as the loader reads it.</summary>
    public async Task<LoaderState?> StateAsync(string source = "platform_sales") =>
        (await new LoaderStateStore(TestClients.Elasticsearch(Es.Url)).GetAsync(source, default))?.State;

    /// <summary>
    /// The ids a reader finds in <paramref name="index"/>: the search API's own query (match_all without tombstones,
    /// <see cref="ControlPlane.Api.SaleSearch"/>), sorted. A deleted, moved-away or un-flagged sale must not be among them.
    /// </summary>
    public async Task<List<string>> FoundAsync(string index)
    {
        var page = await new ControlPlane.Api.SaleSearch(TestClients.Elasticsearch(Es.Url)).SearchAsync(index, ["sale_id"], [], 1000, null, (id, _) => id, default);
        Assert.Null(page.Next);
        return page.Items.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Live documents in the fake by _id: tombstones (<c>deleted: true</c>, docs/assets.md "Deletes") left out.</summary>
    public Dictionary<string, FakeDocument> Docs(string indexOrAlias) =>
        Es.DocumentsOf(indexOrAlias).Where(d => d.Source["deleted"]?.GetValue<bool>() != true).ToDictionary(d => d.Id);

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _providers) await p.DisposeAsync();
        await Es.DisposeAsync();
        await Db.DisposeAsync();
    }
}
