namespace ControlPlane.Loading;

/// <summary>
/// Stage 5's bookkeeping: pages finish out of order with concurrent senders, but the watermark may only move to the end
/// of the contiguous prefix of finished pages, so it never passes a row that is not yet indexed or dead-lettered.
/// It never moves backwards either (a run re-reads the overlap before the stored watermark). Thread-safe.
/// </summary>
public sealed class WatermarkTracker(ChangeKey start)
{
    private readonly Lock _sync = new();
    private readonly SortedDictionary<long, ChangeKey> _finishedAhead = [];
    private readonly Dictionary<long, TaskCompletionSource> _waiters = [];
    private long _next;
    private ChangeKey _watermark = start;

    public ChangeKey Watermark { get { lock (_sync) return _watermark; } }

    /// <summary>Records a finished page; returns the new watermark when the contiguous prefix grew past the old one.</summary>
    public ChangeKey? Complete(long sequence, ChangeKey lastKey)
    {
        lock (_sync)
        {
            if (sequence < _next || !_finishedAhead.TryAdd(sequence, lastKey)) return null; // a page finishes once
            if (_waiters.Remove(sequence, out var waiter)) waiter.TrySetResult();
            var before = _watermark;
            while (_finishedAhead.Remove(_next, out var key))
            {
                _watermark = ChangeKey.Max(_watermark, key);
                _next++;
            }
            return _watermark > before ? _watermark : null;
        }
    }

    /// <summary>Whether the page has finished (indexed or dead-lettered), in the prefix or ahead of it.</summary>
    public bool IsFinished(long sequence)
    {
        lock (_sync) return sequence < _next || _finishedAhead.ContainsKey(sequence);
    }

    /// <summary>Completes when the page has finished (at once when it has); cancelled with <paramref name="ct"/>.</summary>
    public Task WhenFinishedAsync(long sequence, CancellationToken ct)
    {
        lock (_sync)
        {
            if (sequence < _next || _finishedAhead.ContainsKey(sequence)) return Task.CompletedTask;
            if (!_waiters.TryGetValue(sequence, out var waiter))
                _waiters[sequence] = waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return waiter.Task.WaitAsync(ct);
        }
    }
}
