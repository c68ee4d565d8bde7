namespace ControlPlane.Generation;

/// <summary>
/// Generates a partition's sales. A pure function of the world and the partition: the dry run that measures the
/// stores' AOV and the run that writes see exactly the same regular sales.
/// </summary>
internal static class PartitionGenerator
{
    /// <summary>The partition's regular sales in generation order (not sorted), with room for <paramref name="extra"/> more.</summary>
    public static SaleRow[] GenerateRegular(SalesWorld world, Partition partition, int extra = 0)
    {
        var source = world.Sources[partition.Source];
        var random = new Random(SeedMixer.Derive(world.Seed, SeedMixer.PartitionStream, partition.Source, partition.Day, partition.Chunk));
        var dayStart = DayStartTicks(source, partition.Day);
        var rows = new SaleRow[partition.NormalRows + extra];
        for (var i = 0; i < partition.NormalRows; i++)
        {
            var store = source.Stores[random.NextWeighted(source.StoreCumulative)];
            var second = SalesShape.NextSecondOfDay(random);
            var card = random.NextDouble() < SalesShape.SharedCardShare
                ? world.SharedCardBase + random.Next(world.SharedCardCount)
                : store.NextRegularCard(random);
            var amount = store.NextAmountCents(random);
            var bad = random.NextDouble() < world.BadRate ? (BadRowKind)(1 + random.Next(BadRowKinds.Count)) : BadRowKind.None;
            rows[i] = new SaleRow
            {
                LocalTicks = LocalTicks(source.Zone, dayStart, second), Store = store.Index, Card = card,
                AmountCents = amount, Bad = bad, Planted = -1, Sequence = i,
            };
        }
        return rows;
    }

    /// <summary>Regular and planted sales of the partition in time order: row i gets key FirstId + i.</summary>
    public static SaleRow[] Generate(SalesWorld world, Partition partition)
    {
        var rows = GenerateRegular(world, partition, partition.Planted.Count);
        for (var j = 0; j < partition.Planted.Count; j++)
        {
            var sale = partition.Planted[j];
            rows[partition.NormalRows + j] = new SaleRow
            {
                LocalTicks = sale.LocalTicks, Store = sale.Store, Card = sale.Card, AmountCents = sale.AmountCents,
                Bad = BadRowKind.None, Planted = j, Sequence = partition.NormalRows + j,
            };
        }
        Array.Sort(rows, static (a, b) => a.LocalTicks != b.LocalTicks ? a.LocalTicks.CompareTo(b.LocalTicks) : a.Sequence.CompareTo(b.Sequence));
        return rows;
    }

    public static long DayStartTicks(SourceWorld source, int day) => source.FirstDay.AddDays(day).ToDateTime(TimeOnly.MinValue).Ticks;

    /// <summary>
    /// A local wall-clock time that exists in the zone on that day: a time inside a daylight-saving gap moves an
    /// hour forward, or back when forward would leave the day.
    /// </summary>
    public static long LocalTicks(TimeZoneInfo zone, long dayStartTicks, int secondOfDay)
    {
        var ticks = dayStartTicks + secondOfDay * TimeSpan.TicksPerSecond;
        if (!zone.SupportsDaylightSavingTime || !zone.IsInvalidTime(new DateTime(ticks))) return ticks;
        return ticks + TimeSpan.TicksPerHour < dayStartTicks + TimeSpan.TicksPerDay ? ticks + TimeSpan.TicksPerHour : ticks - TimeSpan.TicksPerHour;
    }
}
