namespace ControlPlane.Generation;

/// <summary>Cuts every source's days into partitions and, once fraud is placed, gives each partition its key range.</summary>
internal static class PartitionPlanner
{
    /// <summary>Rows per partition at most: small enough for steady progress, big enough for fast loads.</summary>
    public const int ChunkRows = 10_000;

    public static List<Partition> Create(SalesWorld world, IReadOnlyList<long> normalRowsPerSource)
    {
        var partitions = new List<Partition>();
        foreach (var source in world.Sources)
        {
            var perDay = RandomExtensions.Apportion(normalRowsPerSource[source.Index], source.DayWeights);
            for (var day = 0; day < source.Days; day++)
            {
                var chunks = (int)Math.Max(1, (perDay[day] + ChunkRows - 1) / ChunkRows);
                var sizes = RandomExtensions.Apportion(perDay[day], Enumerable.Repeat(1.0, chunks).ToArray());
                for (var c = 0; c < chunks; c++) partitions.Add(new Partition(source.Index, day, c, (int)sizes[c]));
            }
        }
        return partitions;
    }

    /// <summary>Adds planted sales to their day's first chunk and numbers every partition's keys, source by source in time order.</summary>
    public static void AssignKeys(SalesWorld world, List<Partition> partitions, IEnumerable<PlantedSale> planted)
    {
        var firstChunks = partitions.Where(p => p.Chunk == 0).ToDictionary(p => (p.Source, p.Day));
        foreach (var sale in planted) firstChunks[(sale.Source, sale.Day)].Planted.Add(sale);
        var next = world.Sources.Select(s => s.FirstId).ToArray();
        foreach (var partition in partitions)
        {
            partition.FirstId = next[partition.Source];
            next[partition.Source] += partition.TotalRows;
        }
    }
}
