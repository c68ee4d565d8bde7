namespace ControlPlane.Bench;

/// <summary>
/// Samples the process's RSS and the GC's committed bytes four times a second while the raw read and the load run, so a
/// peak above the target can be told apart: GC heap (managed objects) or the rest (runtime, JIT code, stacks, pools).
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly Lock _sync = new();
    private string _phase = "start";

    public MemorySampler() => _sampling = SampleAsync(_stop.Token);

    /// <summary>The highest RSS sampled, the GC's committed bytes at that moment, and the phase it was in.</summary>
    public (long RssMb, long GcCommittedMb, string Phase) Highest { get; private set; }

    /// <summary>Names what runs from now on (for the report of where the highest sample fell).</summary>
    public void Enter(string phase)
    {
        lock (_sync) _phase = phase;
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            do Sample(); while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private void Sample()
    {
        if (ProcessMemory.RssMb() is not { } rss) return;
        lock (_sync)
            if (rss > Highest.RssMb) Highest = (rss, GC.GetGCMemoryInfo().TotalCommittedBytes / (1024 * 1024), _phase);
    }

    public async ValueTask DisposeAsync()
    {
        Sample();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _stop.Dispose();
    }
}
