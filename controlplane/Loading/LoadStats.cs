using System.Collections.Concurrent;

namespace ControlPlane.Loading;

/// <summary>Counters of one run, updated from several stages at once.</summary>
public sealed class LoadStats
{
    private long _read, _new, _updated, _unchanged, _indexed, _deleted, _deadLettered, _flaggedUnnamed, _unflaggedUnnamed, _pages, _rewrites;
    // Distinct sales: a backfill re-reads a flagged sale and a later page of the same run may re-check it again.
    private readonly ConcurrentDictionary<string, byte> _flagged = new(StringComparer.Ordinal), _unflagged = new(StringComparer.Ordinal);

    public long Read => Interlocked.Read(ref _read);
    public long Indexed => Interlocked.Read(ref _indexed);
    public long Deleted => Interlocked.Read(ref _deleted);
    public long DeadLettered => Interlocked.Read(ref _deadLettered);
    /// <summary>Distinct sales this run flagged: its own rows and written sales it re-flagged, each once.</summary>
    public long Flagged => _flagged.Count + Interlocked.Read(ref _flaggedUnnamed);
    /// <summary>Distinct written sales whose flag this run removed.</summary>
    public long Unflagged => _unflagged.Count + Interlocked.Read(ref _unflaggedUnnamed);
    public long Pages => Interlocked.Read(ref _pages);
    /// <summary>Writes that may repeat one that landed: re-checks and transient re-sends (<see cref="PageOutcome.Rewrites"/>).</summary>
    public long Rewrites => Interlocked.Read(ref _rewrites);
    /// <summary>Of <see cref="Indexed"/>: sales new to the index, sales updated, and re-reads that changed nothing (<see cref="SaleChanges"/>).</summary>
    public long New => Interlocked.Read(ref _new);
    public long Updated => Interlocked.Read(ref _updated);
    public long Unchanged => Interlocked.Read(ref _unchanged);

    public void AddRead(int rows) => Interlocked.Add(ref _read, rows);

    public void Add(PageOutcome outcome)
    {
        Interlocked.Add(ref _indexed, outcome.Indexed);
        Interlocked.Add(ref _new, outcome.Changes.New);
        Interlocked.Add(ref _updated, outcome.Changes.Updated);
        Interlocked.Add(ref _unchanged, outcome.Changes.Unchanged);
        Interlocked.Add(ref _deleted, outcome.Deleted);
        Interlocked.Add(ref _deadLettered, outcome.DeadLettered);
        foreach (var id in outcome.FlaggedSaleIds) _flagged.TryAdd(id, 0);
        foreach (var id in outcome.UnflaggedSaleIds) _unflagged.TryAdd(id, 0);
        Interlocked.Add(ref _flaggedUnnamed, Math.Max(0, outcome.Flagged - outcome.FlaggedSaleIds.Count));
        Interlocked.Add(ref _unflaggedUnnamed, Math.Max(0, outcome.Unflagged - outcome.UnflaggedSaleIds.Count));
        Interlocked.Add(ref _rewrites, outcome.Rewrites);
        Interlocked.Increment(ref _pages);
    }

    /// <summary>Whether the run changed <c>platform_sales</c> (and the AOV transforms should look at it now).</summary>
    public bool WroteSales => Indexed > 0 || Deleted > 0;
}
