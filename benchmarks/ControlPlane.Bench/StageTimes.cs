using System.Diagnostics.Metrics;
using ControlPlane.Loading;

namespace ControlPlane.Bench;

/// <summary>
/// Listens to the loader's stage histogram (<see cref="LoaderMetrics"/>) while it lives and sums the busy time and
/// the pages of each stage: the bench's profile of where a run's time goes.
/// </summary>
public sealed class StageTimes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _sync = new();
    private readonly Dictionary<string, (double Seconds, long Pages)> _stages = new(StringComparer.Ordinal);

    public StageTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LoaderMetrics.MeterName && instrument.Name == LoaderMetrics.StageDurationName)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key != LoaderMetrics.StageTag || tag.Value is not string stage) continue;
                lock (_sync)
                {
                    var (sum, pages) = _stages.GetValueOrDefault(stage);
                    _stages[stage] = (sum + seconds, pages + 1);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Busy seconds of <paramref name="stage"/> so far, summed over its pages (and its concurrent workers).</summary>
    public double Seconds(string stage)
    {
        lock (_sync) return _stages.GetValueOrDefault(stage).Seconds;
    }

    /// <summary>Pages <paramref name="stage"/> finished so far.</summary>
    public long Pages(string stage)
    {
        lock (_sync) return _stages.GetValueOrDefault(stage).Pages;
    }

    public void Dispose() => _listener.Dispose();
}
