using System.Globalization;

namespace ControlPlane.Reconciliation;

/// <summary>One store's local day of one source: the unit reconcile compares and repairs.</summary>
public readonly record struct StoreDay(string Source, string StoreId, DateOnly Day) : IComparable<StoreDay>
{
    public int CompareTo(StoreDay other) =>
        (string.CompareOrdinal(Source, other.Source), Day.CompareTo(other.Day), string.CompareOrdinal(StoreId, other.StoreId)) switch
        {
            (not 0 and var s, _, _) => s,
            (_, not 0 and var d, _) => d,
            (_, _, var t) => t,
        };

    public override string ToString() => $"{Source} {StoreId} {Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}

/// <summary>What one side holds for a store-day: good sales (count and sum), rows dead-lettered, sales flagged.</summary>
public sealed record DayFigures(long Sales, decimal Sum, long DeadLetters, long Flagged)
{
    public static readonly DayFigures None = new(0, 0m, 0, 0);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"sales {Sales} sum {Sum:0.00} dead-lettered {DeadLetters} flagged {Flagged}");
}

/// <summary>A store-day on which MySQL and Elasticsearch disagree, with both sides' figures.</summary>
public sealed record DayDifference(StoreDay Day, DayFigures MySql, DayFigures Elasticsearch)
{
    public override string ToString() => $"{Day}: mysql {MySql} | elasticsearch {Elasticsearch}";
}
