using System.Collections.Concurrent;

namespace ControlPlane.Generation;

/// <summary>
/// Per source, store and local day: the sum of good sales and the number of distinct cards — the inputs of the
/// daily and weekly AOV of interface.md. Bad rows are left out: they go to the dead letter, not into the AOV.
/// </summary>
internal sealed class StoreDayTotals
{
    private readonly long[][] sums;
    private readonly int[][] cards;
    private readonly int[] storeCounts;

    private StoreDayTotals(SalesWorld world)
    {
        storeCounts = world.Sources.Select(s => s.Stores.Length).ToArray();
        sums = world.Sources.Select(s => new long[s.Days * s.Stores.Length]).ToArray();
        cards = world.Sources.Select(s => new int[s.Days * s.Stores.Length]).ToArray();
    }

    /// <summary>A dry run over every partition's regular sales, in parallel by (source, day).</summary>
    public static StoreDayTotals Compute(SalesWorld world, IReadOnlyList<Partition> partitions, CancellationToken ct)
    {
        var totals = new StoreDayTotals(world);
        var days = partitions.GroupBy(p => (p.Source, p.Day)).Select(g => g.ToArray()).ToArray();
        var options = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
        // Each (source, day) is summed by one thread alone, so the slots it writes are its own.
        Parallel.ForEach(Partitioner.Create(days, loadBalance: true), options, dayPartitions =>
        {
            var seen = new HashSet<long>();
            foreach (var partition in dayPartitions)
            {
                foreach (var row in PartitionGenerator.GenerateRegular(world, partition))
                {
                    if (row.Bad != BadRowKind.None) continue;
                    var slot = totals.Slot(partition.Source, partition.Day, row.Store);
                    totals.sums[partition.Source][slot] += row.AmountCents;
                    if (seen.Add(((long)row.Store << 32) | (uint)row.Card)) totals.cards[partition.Source][slot]++;
                }
            }
        });
        return totals;
    }

    /// <summary>Adds (or with <paramref name="sign"/> −1 removes) one card's sales of one day.</summary>
    public void AddCardDay(int source, int store, int day, long amountCents, int sign)
    {
        var slot = Slot(source, day, store);
        sums[source][slot] += sign * amountCents;
        cards[source][slot] += sign;
    }

    public void AddSale(int source, int store, int day, long amountCents, int sign) =>
        sums[source][Slot(source, day, store)] += sign * amountCents;

    /// <summary>Weekly AOV (cents) of the 7 days ending on <paramref name="day"/>; null when the window is not all generated or has no card.</summary>
    public double? WeeklyAov(int source, int store, int day)
    {
        if (day - 6 < 0 || day >= sums[source].Length / storeCounts[source]) return null;
        long sum = 0, count = 0;
        for (var d = day - 6; d <= day; d++)
        {
            var slot = Slot(source, d, store);
            sum += sums[source][slot];
            count += cards[source][slot];
        }
        return count == 0 ? null : (double)sum / count;
    }

    private int Slot(int source, int day, int store) => day * storeCounts[source] + store;
}
