namespace ControlPlane.Bench;

/// <summary>
/// Everything the sink holds, behind one lock: requests are short (a page of bulk items, one lookup), so one lock
/// keeps every answer consistent without costing the loader anything measurable.
/// </summary>
internal sealed class SinkStore
{
    private readonly Dictionary<string, SinkIdIndex> _others = new(StringComparer.Ordinal);
    private readonly SinkStats _counters = new();

    public Lock Sync { get; } = new();
    public SinkSales Sales { get; } = new();
    public SinkIdIndex FraudSales { get; } = new();
    public SinkIdIndex DeadLetters { get; } = new();
    public SinkDocuments Documents { get; } = new();

    /// <summary>The id-only index behind a name that is neither sales, flagged sales nor dead letters.</summary>
    public SinkIdIndex Other(string concrete)
    {
        if (!_others.TryGetValue(concrete, out var index)) _others[concrete] = index = new SinkIdIndex();
        return index;
    }

    public void CountBulk(int items)
    {
        _counters.BulkRequests++;
        _counters.BulkItems += items;
    }

    public void CountSearch(string index, int hits)
    {
        _counters.Searches[index] = _counters.SearchesOf(index) + 1;
        _counters.SearchHits[index] = _counters.HitsOf(index) + hits;
    }

    public void CountRefresh() => _counters.Refreshes++;
    public void CountDocumentRead() => _counters.DocumentReads++;
    public void CountDocumentWrite() => _counters.DocumentWrites++;
    public void CountTransformScheduled() => _counters.TransformsScheduled++;

    /// <summary>A copy of the figures so far (call under <see cref="Sync"/>).</summary>
    public SinkStats Snapshot() => new()
    {
        BulkRequests = _counters.BulkRequests,
        BulkItems = _counters.BulkItems,
        Searches = new Dictionary<string, long>(_counters.Searches, StringComparer.Ordinal),
        SearchHits = new Dictionary<string, long>(_counters.SearchHits, StringComparer.Ordinal),
        Refreshes = _counters.Refreshes,
        DocumentReads = _counters.DocumentReads,
        DocumentWrites = _counters.DocumentWrites,
        TransformsScheduled = _counters.TransformsScheduled,
        Sales = Copy(Sales.Stats),
        FraudSales = Copy(FraudSales.Stats),
        DeadLetters = Copy(DeadLetters.Stats),
        CpuSeconds = ProcessMemory.CpuSeconds(),
        PeakRssMb = ProcessMemory.PeakRssMb(),
    };

    private static SinkIndexStats Copy(SinkIndexStats s) => new()
    {
        IndexActions = s.IndexActions, DeleteActions = s.DeleteActions, Documents = s.Documents, Tombstones = s.Tombstones, Repeats = s.Repeats, Conflicts = s.Conflicts,
    };
}
