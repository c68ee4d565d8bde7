using ControlPlane.Sources;

namespace ControlPlane.Generation;

/// <summary>One source's part of the synthetic world: its stores, its days and how many rows it gets.</summary>
internal sealed class SourceWorld
{
    public required SourceDefinition Definition { get; init; }
    public required int Index { get; init; }
    public required TimeZoneInfo Zone { get; init; }
    public required DateOnly FirstDay { get; init; }
    public required int Days { get; init; }
    /// <summary>Rows this source gets, planted fraud included.</summary>
    public required long Rows { get; init; }
    public required StoreProfile[] Stores { get; init; }
    public required double[] StoreCumulative { get; init; }
    /// <summary>Relative sales per day (day of week with some day-to-day noise).</summary>
    public required double[] DayWeights { get; init; }
    /// <summary>The first key written: one past the table's largest key when the run started.</summary>
    public required long FirstId { get; init; }

    public DateOnly LastDay => FirstDay.AddDays(Days - 1);
    public string Name => Definition.Name;
}
