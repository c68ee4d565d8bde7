namespace ControlPlane.Generation;

/// <summary>
/// A unit of parallel work: up to <see cref="PartitionPlanner.ChunkRows"/> sales of one source on one local day, with
/// its own seed and its own key range. Planted fraud of that day joins the day's first chunk.
/// </summary>
internal sealed class Partition(int source, int day, int chunk, int normalRows)
{
    public int Source { get; } = source;
    public int Day { get; } = day;
    public int Chunk { get; } = chunk;
    public int NormalRows { get; } = normalRows;
    public List<PlantedSale> Planted { get; } = [];
    /// <summary>First key of the partition; its rows take FirstId .. FirstId + TotalRows − 1 in time order.</summary>
    public long FirstId { get; set; }
    public int TotalRows => NormalRows + Planted.Count;
}
