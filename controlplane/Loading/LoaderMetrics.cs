using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ControlPlane.Loading;

/// <summary>
/// The loader's stage timings as a System.Diagnostics.Metrics histogram (meter <c>ControlPlane.Loading</c>), so a
/// benchmark or an OpenTelemetry exporter can see where a run's time goes. One measurement per page and stage: the
/// stage's busy time (read = the page's query, map, fraud = the fraud check with its lookups, bulk = sending and
/// reading the answer), waits on the channels between stages left out; and inside the fraud stage, each lookup's time.
/// Nearly free when nobody listens.
/// </summary>
public static class LoaderMetrics
{
    public const string MeterName = "ControlPlane.Loading";
    public const string StageDurationName = "controlplane.loader.stage.duration";
    public const string StageTag = "stage";

    public const string Read = "read", Map = "map", Fraud = "fraud", Bulk = "bulk";
    /// <summary>
    /// Parts of the fraud stage: its lookups (each a search; the sales search of a page runs while the page before it is
    /// checked), the time the check still waited for that search, and the refresh that lets pages leave its window.
    /// </summary>
    public const string FraudAov = "fraud.aov", FraudSales = "fraud.sales", FraudWait = "fraud.wait", FraudRefresh = "fraud.refresh";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> StageDuration =
        Meter.CreateHistogram<double>(StageDurationName, "s", "Busy time of one loader stage for one page");

    /// <summary>Runs <paramref name="lookup"/> and records its time as <paramref name="stage"/>.</summary>
    public static async Task<T> TimeAsync<T>(string stage, Func<Task<T>> lookup)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await lookup().ConfigureAwait(false);
        StageDone(stage, started);
        return result;
    }

    /// <summary>Records the time since <paramref name="startedTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>) for <paramref name="stage"/>.</summary>
    public static void StageDone(string stage, long startedTimestamp)
    {
        if (!StageDuration.Enabled) return;
        StageDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, new KeyValuePair<string, object?>(StageTag, stage));
    }
}
