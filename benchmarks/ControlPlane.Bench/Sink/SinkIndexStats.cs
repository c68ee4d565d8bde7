namespace ControlPlane.Bench;

/// <summary>
/// What one index of the sink received: index and delete actions, how many documents it holds, and how many index
/// actions named an id it already held (<see cref="Repeats"/>: 0 means every document arrived exactly once).
/// <see cref="Tombstones"/> of the <see cref="Documents"/> are <c>deleted: true</c> (docs/assets.md, "Deletes"): no reader finds them.
/// </summary>
public sealed class SinkIndexStats
{
    public long IndexActions { get; set; }
    public long DeleteActions { get; set; }
    public long Documents { get; set; }
    public long Tombstones { get; set; }
    /// <summary>The documents a reader finds: <see cref="Documents"/> without the tombstones.</summary>
    public long LiveDocuments => Documents - Tombstones;
    public long Repeats { get; set; }
    public long Conflicts { get; set; }
}
