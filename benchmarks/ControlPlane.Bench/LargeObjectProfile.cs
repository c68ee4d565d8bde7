using System.Diagnostics.Tracing;
using System.Globalization;

namespace ControlPlane.Bench;

/// <summary>
/// With <c>BENCH_LOH_PROFILE=1</c>: samples the runtime's allocation ticks (one event per ~100 KB allocated, with the
/// type and whether it went to the large object heap) and prints the types that filled the LOH most. The LOH is what
/// triggers this loader's full collections; this is how the memory work found what to pool.
/// </summary>
public sealed class LargeObjectProfile : EventListener
{
    private readonly Dictionary<string, long> _large = new(StringComparer.Ordinal);
    private readonly bool _on = Environment.GetEnvironmentVariable("BENCH_LOH_PROFILE") == "1";

    protected override void OnEventSourceCreated(EventSource source)
    {
        // GC keyword (0x1) at verbose level carries GCAllocationTick.
        if (source.Name == "Microsoft-Windows-DotNETRuntime" && Environment.GetEnvironmentVariable("BENCH_LOH_PROFILE") == "1")
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_on || e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
        var kind = Convert.ToInt32(e.Payload[e.PayloadNames!.IndexOf("AllocationKind")], CultureInfo.InvariantCulture);
        if (kind != 1) return;
        var type = e.Payload[e.PayloadNames.IndexOf("TypeName")]?.ToString() ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")], CultureInfo.InvariantCulture);
        lock (_large) _large[type] = _large.GetValueOrDefault(type) + amount;
    }

    public IEnumerable<string> Report()
    {
        lock (_large)
            return _large.OrderByDescending(p => p.Value).Take(8).Select(p => string.Create(CultureInfo.InvariantCulture, $"bench: LOH ticks: {p.Key} {p.Value / (1024 * 1024)} MB")).ToList();
    }
}
