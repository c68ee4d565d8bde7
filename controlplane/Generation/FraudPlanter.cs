using Microsoft.Extensions.Logging;

namespace ControlPlane.Generation;

/// <summary>
/// Plants the seed's fraud pattern (interface.md, rule aov-spike-repeat): a fresh card pays one amount 3–4 times at one
/// store within a few days, each time well above 2 × the store's weekly AOV of the day before. Amounts are chosen from the
/// exact AOV of the data being generated (regular sales and every case planted so far) and each placement is checked
/// against it with a margin, so every label is true of what is written.
/// </summary>
internal static class FraudPlanter
{
    /// <summary>A planted sale is at least this many times the weekly AOV of the day before (the rule says 2).</summary>
    public const double Margin = 2.5;
    public const double MinMultiplier = 3;
    public const double MaxMultiplier = 6;
    /// <summary>Repeats fall on days d0..d0+5: under 6 × 24 h apart, inside the rule's 7-day window however it is read.</summary>
    public const int MaxSpanDays = 5;
    /// <summary>Days of history a planted sale needs before it: the full window of the weekly AOV of the day before.</summary>
    public const int HistoryDays = 7;
    private const int Attempts = 40;

    /// <summary>A case before placement: which source and how many repeats.</summary>
    public readonly record struct CaseSkeleton(int Source, int Size);

    /// <summary>The cases' sources and sizes, drawn before any sale so each source's regular row count is known.</summary>
    public static List<CaseSkeleton> Skeleton(SalesWorld world, double fraudRate, long rows)
    {
        var cases = new List<CaseSkeleton>();
        var target = (long)Math.Round(fraudRate * rows);
        if (target <= 0 || world.Sources[0].Days <= HistoryDays) return cases;
        var random = new Random(SeedMixer.Derive(world.Seed, SeedMixer.FraudStream));
        var weights = RandomExtensions.Cumulative(world.Sources.Select(s => (double)s.Rows).ToArray());
        var planted = new long[world.Sources.Length];
        for (long total = 0; total < target;)
        {
            var size = random.NextDouble() < 0.3 ? 4 : 3;
            var source = random.NextWeighted(weights);
            if (planted[source] + size > world.Sources[source].Rows / 2)
            {
                // That source is full; the one with the most room left takes the case, if any can.
                source = Enumerable.Range(0, planted.Length).MaxBy(s => world.Sources[s].Rows / 2 - planted[s]);
                if (planted[source] + size > world.Sources[source].Rows / 2) break;
            }
            planted[source] += size;
            total += size;
            cases.Add(new CaseSkeleton(source, size));
        }
        return cases;
    }

    /// <summary>Places every case on a store and days; a case that fits nowhere after a few tries is reported, not written.</summary>
    public static FraudPlacement Place(SalesWorld world, IReadOnlyList<CaseSkeleton> skeleton, StoreDayTotals totals, long firstCaseNumber, ILogger logger, CancellationToken ct)
    {
        var random = new Random(SeedMixer.Derive(world.Seed, SeedMixer.FraudStream, 1));
        var placedAtStore = new Dictionary<(int Source, int Store), List<PlantedSale[]>>();
        var sales = new List<PlantedSale>();
        var nextCard = world.FirstFreeCardId;
        var cases = 0L;
        var unplaced = 0;
        foreach (var (sourceIndex, size) in skeleton)
        {
            ct.ThrowIfCancellationRequested();
            var source = world.Sources[sourceIndex];
            var card = nextCard++;
            if (card > CardNumbers.MaxCardId) throw new InvalidOperationException("the card id space is exhausted; generate fewer rows");
            PlantedSale[]? placed = null;
            for (var attempt = 0; attempt < Attempts && placed is null; attempt++)
            {
                var candidate = Draw(random, source, size, card, firstCaseNumber + cases + 1, totals);
                if (candidate is null) continue;
                Apply(totals, candidate, +1);
                var neighbours = placedAtStore.GetValueOrDefault((sourceIndex, candidate[0].Store)) ?? [];
                if (Holds(totals, candidate) && neighbours.All(n => Holds(totals, n))) placed = candidate;
                else Apply(totals, candidate, -1);
            }
            if (placed is null)
            {
                unplaced++;
                logger.FraudCaseNotPlaced(source.Name, size, Attempts);
                continue;
            }
            cases++;
            sales.AddRange(placed);
            if (!placedAtStore.TryGetValue((sourceIndex, placed[0].Store), out var list)) placedAtStore[(sourceIndex, placed[0].Store)] = list = [];
            list.Add(placed);
        }
        return new FraudPlacement(sales, cases, unplaced);
    }

    /// <summary>A store, days, times and an amount for one case, or null when the store has no weekly AOV on a chosen day.</summary>
    private static PlantedSale[]? Draw(Random random, SourceWorld source, int size, int card, long caseNumber, StoreDayTotals totals)
    {
        var store = random.NextWeighted(source.StoreCumulative);
        var firstDay = random.Next(HistoryDays, source.Days);
        var span = Math.Min(MaxSpanDays, source.Days - 1 - firstDay);
        var times = new long[size];
        for (var i = 0; i < size; i++)
        {
            var day = i == 0 ? firstDay : firstDay + random.Next(span + 1);
            times[i] = PartitionGenerator.LocalTicks(source.Zone, PartitionGenerator.DayStartTicks(source, day), SalesShape.NextSecondOfDay(random));
        }
        Array.Sort(times);
        for (var i = 1; i < size; i++) times[i] = Math.Max(times[i], times[i - 1] + TimeSpan.TicksPerSecond);

        var dayOf = (long ticks) => (int)((ticks - PartitionGenerator.DayStartTicks(source, 0)) / TimeSpan.TicksPerDay);
        var baseAov = 0.0;
        foreach (var ticks in times)
        {
            if (dayOf(ticks) >= source.Days) return null;
            if (totals.WeeklyAov(source.Index, store, dayOf(ticks) - 1) is not { } aov) return null;
            baseAov = Math.Max(baseAov, aov);
        }
        var stepCents = SalesShape.AmountStepWon * 100;
        var multiplier = MinMultiplier + (MaxMultiplier - MinMultiplier) * random.NextDouble();
        var amount = (long)Math.Ceiling(baseAov * multiplier / stepCents) * stepCents;
        return times.Select((t, i) => new PlantedSale(source.Index, store, dayOf(t), t, card, amount, caseNumber, i + 1)).ToArray();
    }

    private static void Apply(StoreDayTotals totals, PlantedSale[] sales, int sign)
    {
        foreach (var sale in sales) totals.AddSale(sale.Source, sale.Store, sale.Day, sale.AmountCents, sign);
        // One fresh card: one more distinct card on each day it pays.
        foreach (var day in sales.Select(s => s.Day).Distinct()) totals.AddCardDay(sales[0].Source, sales[0].Store, day, 0, sign);
    }

    /// <summary>Every sale of the case is above <see cref="Margin"/> × the weekly AOV of the day before it.</summary>
    private static bool Holds(StoreDayTotals totals, PlantedSale[] sales) =>
        sales.All(s => totals.WeeklyAov(s.Source, s.Store, s.Day - 1) is { } aov && s.AmountCents > Margin * aov);
}
