namespace ControlPlane.Loading;

/// <summary>
/// How many bulk requests of one run may be in flight: starts at <c>Loader:BulkConcurrency</c>, halves (down to one) each
/// time the cluster pushes back (429, 5xx, a block, no answer) and grows by one after each clean answer. Senders that
/// wait here stop taking pages, the bounded channels fill, and the reader waits: backpressure reaches MySQL.
/// </summary>
public sealed class BulkThrottle(int maxConcurrency)
{
    private readonly Lock _sync = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private int _limit = Math.Max(1, maxConcurrency);
    private int _inFlight;

    /// <summary>Requests allowed in flight now.</summary>
    public int Limit { get { lock (_sync) return _limit; } }

    /// <summary>Waits for a slot; dispose the answer to give it back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        TaskCompletionSource waiter;
        lock (_sync)
        {
            if (_inFlight < _limit && _waiting.Count == 0)
            {
                _inFlight++;
                return new Slot(this);
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter);
        }
        using (ct.Register(() => { if (waiter.TrySetCanceled(ct)) lock (_sync) WakeWaiters(); }))
            await waiter.Task.ConfigureAwait(false);
        return new Slot(this);
    }

    /// <summary>The cluster pushed back: halve the requests in flight.</summary>
    public void PushedBack()
    {
        lock (_sync) _limit = Math.Max(1, _limit / 2);
    }

    /// <summary>A clean answer: allow one more request, up to the configured concurrency.</summary>
    public void Recovered()
    {
        lock (_sync)
        {
            if (_limit < maxConcurrency) _limit++;
            WakeWaiters();
        }
    }

    private void Exit()
    {
        lock (_sync)
        {
            _inFlight--;
            WakeWaiters();
        }
    }

    /// <summary>Hands free slots to waiters in arrival order (skipping cancelled ones). Called under the lock.</summary>
    private void WakeWaiters()
    {
        while (_inFlight < _limit && _waiting.TryPeek(out var next))
        {
            _waiting.Dequeue();
            if (next.Task.IsCompleted) continue;
            _inFlight++;
            next.TrySetResult();
        }
    }

    private sealed class Slot(BulkThrottle owner) : IDisposable
    {
        private int _disposed;
        public void Dispose() { if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Exit(); }
    }
}
