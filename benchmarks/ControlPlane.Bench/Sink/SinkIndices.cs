using ControlPlane.Elastic;

namespace ControlPlane.Bench;

/// <summary>What an index name the loader writes or reads stands for in the sink.</summary>
internal enum SinkIndexKind { Sales, FraudSales, DeadLetter, DailyAov, WeeklyAov, LoaderState, Other }

/// <summary>
/// The sink's indices as <c>apply</c> leaves a cluster: each name of interface.md is an alias over <c>NAME-v1</c>.
/// Answers name the concrete index, as Elasticsearch does.
/// </summary>
internal static class SinkIndices
{
    private const string Suffix = "-v1";

    private static readonly Dictionary<string, SinkIndexKind> Kinds = new(StringComparer.Ordinal)
    {
        [IndexNames.Sales] = SinkIndexKind.Sales,
        [IndexNames.FraudSales] = SinkIndexKind.FraudSales,
        [IndexNames.DeadLetter] = SinkIndexKind.DeadLetter,
        [IndexNames.DailyAov] = SinkIndexKind.DailyAov,
        [IndexNames.WeeklyAov] = SinkIndexKind.WeeklyAov,
        [IndexNames.LoaderState] = SinkIndexKind.LoaderState,
    };

    /// <summary>The alias of one of our indices (or the alias itself), null for any other name.</summary>
    public static string? Alias(string name)
    {
        if (Kinds.ContainsKey(name)) return name;
        return name.EndsWith(Suffix, StringComparison.Ordinal) && Kinds.ContainsKey(name[..^Suffix.Length]) ? name[..^Suffix.Length] : null;
    }

    public static SinkIndexKind Kind(string name) => Alias(name) is { } alias ? Kinds[alias] : SinkIndexKind.Other;

    /// <summary>The index behind a name: <c>platform_sales</c> → <c>platform_sales-v1</c>; other names are indices of their own.</summary>
    public static string Concrete(string name) => Alias(name) is { } alias ? alias + Suffix : name;
}
