using System.Globalization;

namespace ControlPlane.Loading;

/// <summary>A progress line of a run in progress.</summary>
public sealed record LoadProgress(string Source, long Read, long Indexed, long Deleted, long DeadLettered, long Flagged, string Watermark, TimeSpan Elapsed)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Source}: {Read} read, {Indexed} indexed, {Deleted} deleted, {DeadLettered} dead-lettered, {Flagged} flagged after {Elapsed.TotalSeconds:0} s (watermark {Watermark})");
}
