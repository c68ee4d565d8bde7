namespace ControlPlane.Tests.Loading;

/// <summary>
/// A clock that only moves when the test says so; timers (and so <c>Task.Delay(…, timeProvider)</c>) fire on
/// <see cref="Advance"/>. <see cref="WaitForTimerAsync"/> lets a test wait until the code under test is waiting.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _sync = new();
    private readonly List<Timer> _timers = [];
    private readonly SemaphoreSlim _created = new(0);
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() { lock (_sync) return _now; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        _created.Release();
        return timer;
    }

    /// <summary>Completes when a timer has been created since the last call (the code under test started waiting).</summary>
    public Task WaitForTimerAsync() => _created.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t =>
    {
        if (!t.Result) throw new TimeoutException("the code under test never started waiting on the clock");
    }, TaskScheduler.Default);

    public void Advance(TimeSpan by)
    {
        List<Timer> due;
        lock (_sync)
        {
            _now += by;
            due = _timers.Where(t => t.Due <= _now).ToList();
            foreach (var t in due) t.Fired(_now);
        }
        foreach (var t in due) t.Callback(t.State);
    }

    private sealed class Timer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback => callback;
        public object? State => state;
        public DateTimeOffset Due { get; private set; } = DateTimeOffset.MaxValue;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._sync)
            {
                _period = period;
                Due = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : owner._now + dueTime;
                if (!owner._timers.Contains(this)) owner._timers.Add(this);
            }
            return true;
        }

        public void Fired(DateTimeOffset now)
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero) { Due = DateTimeOffset.MaxValue; owner._timers.Remove(this); }
            else Due = now + _period;
        }

        public void Dispose() { lock (owner._sync) owner._timers.Remove(this); }
        public ValueTask DisposeAsync() { Dispose(); return ValueTask.CompletedTask; }
    }
}
