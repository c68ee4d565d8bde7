namespace ControlPlane.Bench;

/// <summary>
/// Every row the loader read reached the sink once, counted as the distinct documents the sink holds at the end (as a
/// sale, a dead letter or a tombstone), not as arrivals. A sale may legitimately arrive twice in one run: a re-check
/// re-flags or un-flags a sale written on an earlier page (its card's earlier payments were read after it: the
/// generator's parallel writers give the days' rows their <c>updated_at</c> in whatever order their inserts start), and
/// an action re-sent after a transient failure may have landed the first time. Both carry the same external version, so
/// Elasticsearch keeps one document. The loader declares them (<see cref="Loading.LoadResult.Rewrites"/>); an arrival
/// beyond them is a real duplicate and fails the run.
/// </summary>
public static class ExactlyOnceCheck
{
    /// <summary>What is wrong with the run's delivery; empty when every row arrived as one final document.</summary>
    public static IReadOnlyList<string> Problems(BenchResult r)
    {
        var sink = r.Sink;
        var problems = new List<string>();
        if (r.RawRows != r.Load.Read) problems.Add($"the raw read saw {r.RawRows} rows but the loader read {r.Load.Read}: the table changed between them");
        // Deleted and bad rows leave tombstones in platform_sales (docs/assets.md, "Deletes"): the live documents are the sales.
        if (sink.Sales.LiveDocuments != r.Load.Indexed) problems.Add($"the loader indexed {r.Load.Indexed} sales but the sink holds {sink.Sales.LiveDocuments}");
        if (sink.DeadLetters.Documents != r.Load.DeadLettered) problems.Add($"the loader dead-lettered {r.Load.DeadLettered} rows but the sink holds {sink.DeadLetters.Documents}");
        if (sink.Sales.LiveDocuments + sink.DeadLetters.Documents + r.Load.Deleted != r.Load.Read)
            problems.Add($"{r.Load.Read} rows were read but {sink.Sales.LiveDocuments} sales, {sink.DeadLetters.Documents} dead letters and {r.Load.Deleted} deletes arrived");
        if (sink.Sales.Tombstones != r.Load.DeadLettered + r.Load.Deleted)
            problems.Add($"{r.Load.DeadLettered} dead-lettered and {r.Load.Deleted} deleted rows but {sink.Sales.Tombstones} tombstones arrived");
        var repeats = sink.Sales.Repeats + sink.DeadLetters.Repeats;
        if (repeats > r.Load.Rewrites)
            problems.Add($"{sink.Sales.Repeats} sales and {sink.DeadLetters.Repeats} dead letters arrived more than once, but the loader re-sent only {r.Load.Rewrites} (re-checks and transient retries)");
        return problems;
    }

    public static void ThrowIfAny(BenchResult r)
    {
        var problems = Problems(r);
        if (problems.Count > 0) throw new InvalidOperationException("the sink did not receive every row exactly once: " + string.Join("; ", problems));
    }
}
