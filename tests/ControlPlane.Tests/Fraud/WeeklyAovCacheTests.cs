using ControlPlane.Fraud;

namespace ControlPlane.Tests.Fraud;

public sealed class WeeklyAovCacheTests
{
    private static readonly DateOnly D = new(2026, 11, 20);

    [Fact]
    public async Task EachPairIsFetchedOncePerRunAndAPairWithoutAovIsNotAskedAgain()
    {
        var cache = new WeeklyAovCache();
        var asked = new List<List<(string, DateOnly)>>();
        Task<Dictionary<(string StoreId, DateOnly Date), double>> Fetch(IReadOnlyCollection<(string StoreId, DateOnly Date)> pairs, CancellationToken _)
        {
            asked.Add(pairs.ToList());
            // Only S1 has a weekly AOV row: S2's absence is an answer too.
            return Task.FromResult(pairs.Where(p => p.StoreId == "S1").ToDictionary(p => p, _ => 100d));
        }

        var first = await cache.GetAsync([("S1", D), ("S2", D)], Fetch, default);
        var second = await cache.GetAsync([("S1", D), ("S2", D), ("S1", D.AddDays(1))], Fetch, default);
        var third = await cache.GetAsync([("S2", D), ("S1", D.AddDays(1))], Fetch, default);

        Assert.Equal(new Dictionary<(string, DateOnly), double> { [("S1", D)] = 100 }, first);
        Assert.Equal(new Dictionary<(string, DateOnly), double> { [("S1", D)] = 100, [("S1", D.AddDays(1))] = 100 }, second);
        Assert.Equal(new Dictionary<(string, DateOnly), double> { [("S1", D.AddDays(1))] = 100 }, third);
        Assert.Equal(2, asked.Count);
        Assert.Equal([("S1", D.AddDays(1))], asked[1]);
    }
}
