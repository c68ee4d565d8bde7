namespace ControlPlane.Loading;

/// <summary>Counters of one run, updated from several stages at once.</summary>
public sealed class LoadStats
{
    private long _read, _indexed, _deleted, _deadLettered, _flagged, _unflagged, _pages;

    public long Read => Interlocked.Read(ref _read);
    public long Indexed => Interlocked.Read(ref _indexed);
    public long Deleted => Interlocked.Read(ref _deleted);
    public long DeadLettered => Interlocked.Read(ref _deadLettered);
    /// <summary>Sales this run flagged: its own rows and written sales it re-flagged.</summary>
    public long Flagged => Interlocked.Read(ref _flagged);
    /// <summary>Written sales whose flag this run removed.</summary>
    public long Unflagged => Interlocked.Read(ref _unflagged);
    public long Pages => Interlocked.Read(ref _pages);

    public void AddRead(int rows) => Interlocked.Add(ref _read, rows);

    public void Add(PageOutcome outcome)
    {
        Interlocked.Add(ref _indexed, outcome.Indexed);
        Interlocked.Add(ref _deleted, outcome.Deleted);
        Interlocked.Add(ref _deadLettered, outcome.DeadLettered);
        Interlocked.Add(ref _flagged, outcome.Flagged);
        Interlocked.Add(ref _unflagged, outcome.Unflagged);
        Interlocked.Increment(ref _pages);
    }

    /// <summary>Whether the run changed <c>platform_sales</c> (and the AOV transforms should look at it now).</summary>
    public bool WroteSales => Indexed > 0 || Deleted > 0;
}
