namespace ControlPlane.Generation.Bench;

/// <summary>
/// What one index of the sink received: index and delete actions, how many documents it holds, and how many index
/// actions named an id it already held (<see cref="Repeats"/>: 0 means every document arrived exactly once).
/// </summary>
public sealed class SinkIndexStats
{
    public long IndexActions { get; set; }
    public long DeleteActions { get; set; }
    public long Documents { get; set; }
    public long Repeats { get; set; }
    public long Conflicts { get; set; }
}
