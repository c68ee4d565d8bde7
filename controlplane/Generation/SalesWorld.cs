using ControlPlane.Sources;

namespace ControlPlane.Generation;

/// <summary>
/// Everything the partitions share, drawn once from the seed: sources with their rows, stores and days, and the card
/// id space (store pools, a city-wide pool, then fresh cards for planted fraud). Building it is cheap and single-threaded.
/// </summary>
internal sealed class SalesWorld
{
    public required int Seed { get; init; }
    public required long CardSalt { get; init; }
    public required double BadRate { get; init; }
    public required SourceWorld[] Sources { get; init; }
    public required int SharedCardBase { get; init; }
    public required int SharedCardCount { get; init; }
    /// <summary>Cards from here on were never used by a regular sale: planted fraud takes them.</summary>
    public required int FirstFreeCardId { get; init; }

    /// <summary>Multi-platform sources (a platform column) get this many times the rows of a fixed-platform one.</summary>
    private const double MultiPlatformShare = 4;

    public static SalesWorld Create(GenerationRequest request, IReadOnlyList<SourceDefinition> sources, IReadOnlyList<DateOnly> lastDays, IReadOnlyList<long> firstIds)
    {
        var shares = sources.Select(s => s.Columns.Platform is not null ? MultiPlatformShare : 1.0).ToArray();
        var rows = RandomExtensions.Apportion(request.Rows, shares);
        var stores = RandomExtensions.Apportion(request.Stores - sources.Count, shares).Select(n => n + 1).ToArray();
        var prefixes = StorePrefixes(sources);

        var nextCard = 0;
        var worlds = new SourceWorld[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            var random = new Random(SeedMixer.Derive(request.Seed, SeedMixer.WorldStream, i));
            var storeProfiles = CreateStores(random, sources[i], prefixes[i], (int)stores[i], rows[i], ref nextCard);
            worlds[i] = new SourceWorld
            {
                Definition = sources[i],
                Index = i,
                Zone = sources[i].TimeZoneInfo,
                FirstDay = lastDays[i].AddDays(1 - request.Days),
                Days = request.Days,
                Rows = rows[i],
                Stores = storeProfiles,
                StoreCumulative = RandomExtensions.Cumulative(storeProfiles.Select(s => s.Weight).ToArray()),
                DayWeights = Enumerable.Range(0, request.Days)
                    .Select(d => SalesShape.DayWeight(lastDays[i].AddDays(1 - request.Days + d)) * Math.Max(0.5, 1 + 0.08 * random.NextGaussian()))
                    .ToArray(),
                FirstId = firstIds[i],
            };
        }
        var sharedCount = (int)Math.Max(50, request.Rows * SalesShape.SharedCardShare / 2);
        return new SalesWorld
        {
            Seed = request.Seed,
            CardSalt = CardNumbers.Salt(request.Seed),
            BadRate = request.BadRate,
            Sources = worlds,
            SharedCardBase = nextCard,
            SharedCardCount = sharedCount,
            FirstFreeCardId = nextCard + sharedCount,
        };
    }

    private static StoreProfile[] CreateStores(Random random, SourceDefinition source, string prefix, int count, long rows, ref int nextCard)
    {
        // Zipf-like sizes, shuffled so that a store's number says nothing about its size.
        var ranks = Enumerable.Range(1, count).ToArray();
        random.Shuffle(ranks);
        var total = ranks.Sum(r => 1 / Math.Pow(r, SalesShape.ZipfExponent));
        var platforms = RandomExtensions.Cumulative(SalesShape.Platforms.Select(p => p.Weight).ToArray());
        var width = Math.Max(4, count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        var stores = new StoreProfile[count];
        for (var k = 0; k < count; k++)
        {
            var weight = 1 / Math.Pow(ranks[k], SalesShape.ZipfExponent) / total;
            var pool = (int)Math.Max(8, Math.Round(rows * weight * (1 - SalesShape.SharedCardShare) / SalesShape.VisitsPerCard));
            stores[k] = new StoreProfile
            {
                Index = k,
                Id = $"{prefix}-{(k + 1).ToString("D" + width, System.Globalization.CultureInfo.InvariantCulture)}",
                Platform = source.Columns.Platform is null ? null : SalesShape.Platforms[random.NextWeighted(platforms)].Name,
                Weight = weight,
                MedianTicketWon = Math.Clamp(SalesShape.TypicalMedianTicketWon * Math.Exp(SalesShape.StoreMedianSpread * random.NextGaussian()), 3_000, 200_000),
                TicketSpread = 0.30 + 0.25 * random.NextDouble(),
                CardBase = nextCard,
                CardPool = pool,
            };
            nextCard += pool;
        }
        return stores;
    }

    /// <summary>Store ids are unique over all sources: the fixed platform's name, else "store", else the source's name.</summary>
    private static string[] StorePrefixes(IReadOnlyList<SourceDefinition> sources)
    {
        var wanted = sources.Select(s => s.Platform ?? "store").ToArray();
        return wanted.Select((p, i) => wanted.Count(w => w == p) > 1 ? sources[i].Name : p).ToArray();
    }
}
