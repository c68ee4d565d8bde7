using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Loading;
using ControlPlane.Tests.Loading;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Tests.Live;

/// <summary>
/// The loader against a real cluster (ES_URL, with ES_API_KEY or ES_USERNAME/ES_PASSWORD): a private source name keeps
/// its sale ids and state document apart from real data, and everything it wrote is removed afterwards.
/// </summary>
[Trait("Category", "Live")]
public sealed class LoaderLiveTests
{
    [LiveFact]
    public async Task RowsAreLoadedSearchableOnceAndReRunsChangeNothing()
    {
        await ControlPlane.Tests.Live.LiveStack.EnsureAsync();
        await using var h = await LoaderHarness.StartAsync();
        var ids = await h.InsertGoodSalesAsync(20);
        await h.InsertSaleAsync("S1", "not-a-card", 1m, h.Base, h.Base.AddMinutes(1));
        var source = h.Source(pageRows: 7);
        source.Name = $"live_{Guid.NewGuid():N}"[..20];

        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MYSQL_CONNECTION"] = h.Db.ConnectionString,
            ["CARD_HMAC_KEY"] = Environment.GetEnvironmentVariable("CARD_HMAC_KEY") ?? LoaderHarness.CardKey,
            ["CONTROLPLANE_ROOT"] = h.Root.Path,
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging().AddControlPlane(config).BuildServiceProvider();
        var loads = services.GetRequiredService<LoadService>();
        var es = services.GetRequiredService<ElasticsearchGateway>();
        try
        {
            var first = await loads.LoadAsync(source, null, default);
            var second = await loads.LoadAsync(source, null, default);

            Assert.Equal((LoadStatus.Succeeded, 20L, 1L), (first.Status, first.Indexed, first.DeadLettered));
            Assert.Equal(LoadStatus.Succeeded, second.Status);
            await es.SendOrThrowAsync(HttpMethod.Post, $"{IndexNames.Sales},{IndexNames.DeadLetter}/_refresh", null, default);
            var count = await es.SendOrThrowAsync(HttpMethod.Post, $"{IndexNames.Sales}/_count", BySource(source.Name), default);
            Assert.Equal(ids.Count, count!["count"]!.GetValue<int>());
            var dead = await es.SendOrThrowAsync(HttpMethod.Post, $"{IndexNames.DeadLetter}/_count", BySource(source.Name), default);
            Assert.Equal(1, dead!["count"]!.GetValue<int>());
            var state = await new LoaderStateStore(es).GetAsync(source.Name, default);
            Assert.Equal("succeeded", state!.State.LastRunStatus);
        }
        finally
        {
            foreach (var index in new[] { IndexNames.Sales, IndexNames.FraudSales, IndexNames.DeadLetter })
                await es.SendAsync(HttpMethod.Post, $"{index}/_delete_by_query?ignore_unavailable=true&refresh=true", BySource(source.Name), default);
            await es.SendAsync(HttpMethod.Delete, $"{IndexNames.LoaderState}/_doc/{source.Name}", null, default);
        }
    }

    private static JsonObject BySource(string source) =>
        new() { ["query"] = new JsonObject { ["term"] = new JsonObject { ["source"] = source } } };
}
