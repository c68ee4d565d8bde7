namespace ControlPlane.Loading;

/// <summary>
/// The right to load one source, held in its state document (<c>lease_owner</c>, <c>lease_expires_at</c>) so that two
/// processes pointed at the same cluster never load the same source at once. Taken and every later write made with
/// optimistic concurrency; an expired lease may be taken over. While held, the holder is the document's only writer:
/// all its writes go through <see cref="UpdateAsync"/>, one at a time, each renewing the expiry. A conflicting write means
/// the lease was lost: <see cref="Lost"/> is cancelled and the write throws.
/// </summary>
public sealed class SourceLease : IDisposable
{
    private readonly LoaderStateStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _lost = new();
    private readonly string _owner;
    private StoredState _stored;

    private SourceLease(LoaderStateStore store, TimeProvider time, TimeSpan duration, StoredState stored)
    {
        _owner = stored.State.LeaseOwner!;
        _store = store;
        _time = time;
        _duration = duration;
        _stored = stored;
    }

    public string Owner => _owner;
    /// <summary>A copy of the state as last written.</summary>
    public LoaderState State => _stored.State.Copy();
    /// <summary>Cancelled when another process took the document over.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>
    /// Takes the lease for <paramref name="source"/> as <paramref name="owner"/>. Returns null and the current holder's
    /// state when someone else holds an unexpired lease (or wins the race to take it).
    /// </summary>
    public static async Task<(SourceLease? Lease, LoaderState? Holder)> TryAcquireAsync(
        LoaderStateStore store, string source, string owner, TimeSpan duration, TimeProvider time, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var current = await store.GetAsync(source, ct).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (current?.State is { LeaseOwner: { } holder } held && holder != owner && held.LeaseExpiresAt > now) return (null, held);

            var state = current?.State.Copy() ?? new LoaderState { Source = source };
            state.Source = source;
            state.LeaseOwner = owner;
            state.LeaseExpiresAt = now + duration;
            state.UpdatedAt = now;
            var written = current is null
                ? await store.TryCreateAsync(state, ct).ConfigureAwait(false)
                : await store.TryReplaceAsync(state, current.SeqNo, current.PrimaryTerm, ct).ConfigureAwait(false);
            if (written is not null) return (new SourceLease(store, time, duration, written), null);
            // Someone wrote in between: read again and decide on what they wrote.
        }
        var latest = await store.GetAsync(source, ct).ConfigureAwait(false);
        return (null, latest?.State);
    }

    /// <summary>
    /// Clears whoever holds the lease of <paramref name="source"/> (an operator's <c>lease release</c> after a process was
    /// killed): returns the state as it was, or null when there is no state or no lease. Safe against a live holder too:
    /// the release changes the document's sequence number, so that holder's next conditional write fails and it stops.
    /// </summary>
    public static async Task<LoaderState?> ReleaseAsync(LoaderStateStore store, string source, TimeProvider time, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var current = await store.GetAsync(source, ct).ConfigureAwait(false);
            if (current?.State is not { LeaseOwner: not null } held) return null;
            var released = held.Copy();
            released.LeaseOwner = null;
            released.LeaseExpiresAt = null;
            released.UpdatedAt = time.GetUtcNow();
            if (await store.TryReplaceAsync(released, current.SeqNo, current.PrimaryTerm, ct).ConfigureAwait(false) is not null) return held;
        }
        throw new InvalidOperationException($"the state of source {source} in {Elastic.IndexNames.LoaderState} kept changing while releasing its lease: is a loader running it now?");
    }

    /// <summary>Applies <paramref name="change"/> to the state and writes it, renewing the lease.</summary>
    public async Task UpdateAsync(Action<LoaderState> change, CancellationToken ct, bool release = false)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_lost.IsCancellationRequested) throw LostException();
            var state = _stored.State.Copy();
            change(state);
            var now = _time.GetUtcNow();
            state.LeaseOwner = release ? null : Owner;
            state.LeaseExpiresAt = release ? null : now + _duration;
            state.UpdatedAt = now;
            var written = await _store.TryReplaceAsync(state, _stored.SeqNo, _stored.PrimaryTerm, ct).ConfigureAwait(false);
            if (written is null && await _store.GetAsync(state.Source, ct).ConfigureAwait(false) is { State.LeaseOwner: var holder } current && holder == Owner)
            {
                // The document moved on but still names this run as owner: one of our own writes landed although its answer
                // never reached us (cancelled in flight). Nobody else holds it, so write over that version.
                written = await _store.TryReplaceAsync(state, current.SeqNo, current.PrimaryTerm, ct).ConfigureAwait(false);
            }
            if (written is null)
            {
                await _lost.CancelAsync().ConfigureAwait(false);
                throw LostException();
            }
            _stored = written;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Extends the lease; called every third of its duration while a run lasts.</summary>
    public Task RenewAsync(CancellationToken ct) => UpdateAsync(_ => { }, ct);

    /// <summary>
    /// Renews the lease every third of its duration until <paramref name="ct"/> is cancelled or the lease is lost (the run
    /// notices through <see cref="Lost"/>). A renewal that fails for another reason is reported and tried again next time.
    /// </summary>
    public async Task KeepAliveAsync(Action<Exception> renewalFailed, CancellationToken ct)
    {
        var every = _duration / 3;
        while (!ct.IsCancellationRequested && !_lost.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, _time, ct).ConfigureAwait(false);
                await RenewAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                renewalFailed(ex);
            }
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        _lost.Dispose();
    }

    private InvalidOperationException LostException() =>
        new($"lost the lease on source {_stored.State.Source}: another loader wrote its state in {Elastic.IndexNames.LoaderState} (owner was {_owner})");
}
