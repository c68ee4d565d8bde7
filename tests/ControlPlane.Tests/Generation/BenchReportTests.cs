using ControlPlane.Bench;
using ControlPlane.Loading;

namespace ControlPlane.Tests.Generation;

public sealed class BenchReportTests
{
    private static BenchResult Result(double rawSeconds, double loadSeconds, long? peakRssMb, double cpuSeconds = 8) => new(
        RawRows: 1_000_000, RawElapsed: TimeSpan.FromSeconds(rawSeconds),
        Load: new LoadResult("platform_sales", "load", LoadStatus.Succeeded, 1_000_000, 999_500, 0, 500, 700, TimeSpan.FromSeconds(loadSeconds)),
        LoadElapsed: TimeSpan.FromSeconds(loadSeconds), PageRows: 1000, Concurrency: 2,
        StageSeconds: new Dictionary<string, double> { [LoaderMetrics.Read] = 9, [LoaderMetrics.Map] = 1, [LoaderMetrics.Fraud] = 12, [LoaderMetrics.Bulk] = 8 },
        LoaderCpuSeconds: cpuSeconds, LoaderAllocatedBytes: 1_000_000_000, Collections: (100, 10, 1),
        PeakRssMb: peakRssMb, GcCommittedMb: 60, PeakResetProblem: null,
        Sink: new SinkStats
        {
            Searches = new() { ["platform_sales"] = 1000, ["platform_sales_week_per_price"] = 1000, ["platform_fraud_sales"] = 1000 },
            SearchHits = new() { ["platform_sales"] = 250_000 },
        });

    [Fact]
    public void TheSummaryLineHasTheFormatScriptsCompare()
    {
        var result = Result(rawSeconds: 10, loadSeconds: 12.5, peakRssMb: 120);

        Assert.Equal("bench: loader 80000 rows/s, raw read 100000 rows/s, ratio 0.80, peak RSS 120 MB, loader CPU 8.0 us/row", BenchReport.Summary(result));
        Assert.Empty(BenchReport.MissedTargets(result));
    }

    [Fact]
    public void WithTheSeedDesignTheSummaryLineEndsWithItsRateAndItsLineSaysTheSampleAndTheSpeedup()
    {
        var result = Result(rawSeconds: 10, loadSeconds: 12.5, peakRssMb: 120) with
        {
            SeedDesign = new SeedDesignResult(20_000, TimeSpan.FromSeconds(10), 19_990, 10, 3, 39_980, 200, Sample: true),
        };

        Assert.Equal("bench: loader 80000 rows/s, raw read 100000 rows/s, ratio 0.80, peak RSS 120 MB, loader CPU 8.0 us/row, seed design 2000 rows/s", BenchReport.Summary(result));
        var line = BenchReport.SeedDesign(result);
        Assert.Contains("20000 rows (a sample: the first 20000 of 1000000, --seed-rows) in 10.0 s = 2000 rows/s", line);
        Assert.EndsWith("the loader is 40.0x faster", line);
    }

    [Fact]
    public void MissedTargetsAreNamedWithTheStageThatBoundTheLoader()
    {
        var missed = BenchReport.MissedTargets(Result(rawSeconds: 10, loadSeconds: 20, peakRssMb: 300, cpuSeconds: 20) with { HighestSample = (296, 180, "the load") });

        Assert.Equal(3, missed.Count);
        Assert.StartsWith("bench: target missed: ratio 0.50 is below 0.7: the loader is bound by its fraud stage, busy 60 % of the run, and CPU is short: the loader used 20.0 s", missed[0]);
        Assert.EndsWith("reaching 0.7 needs the load in 14.3 s", missed[0]);
        Assert.StartsWith("bench: target missed: loader CPU 20.0 us/row is above 10 us/row: busiest stages fraud 12.0 s, bulk 8.0 s, read+map 10.0 s", missed[1]);
        // The peak is told apart: the GC heap at the highest sample, and what the rest is.
        Assert.StartsWith("bench: target missed: peak RSS 300 MB is above 256 MB: at the highest RSS sampled (296 MB, during the load) the GC had 180 MB committed; the rest is native memory", missed[2]);
    }

    [Fact]
    public void ACpuMissOnARunSmallerThanTheTargetsSaysWhereTheTargetIsSet()
    {
        var full = Result(rawSeconds: 10, loadSeconds: 20, peakRssMb: 100, cpuSeconds: 20);
        var small = full with { Load = full.Load with { Read = 20_000 } };

        Assert.DoesNotContain("the target is set at", BenchReport.MissedTargets(full).Single(l => l.Contains("loader CPU", StringComparison.Ordinal)));
        Assert.EndsWith("the target is set at 1000000 rows: on 20000 the JIT compiling the loader's code weighs more a row",
            BenchReport.MissedTargets(small).Single(l => l.Contains("loader CPU", StringComparison.Ordinal)));
    }

    [Fact]
    public void TheFraudCostIsSearchesPerPageAndItsShareOfTheLoadersTime()
    {
        var line = BenchReport.Fraud(Result(rawSeconds: 10, loadSeconds: 20, peakRssMb: 100));

        Assert.StartsWith("bench: fraud check: 3.00 search requests per page (3000 over 1000 pages: 1000 weekly AOV, 1000 earlier sales with 250 hits a page, 1000 flagged; 0 refreshes)", line);
        Assert.Contains("busy 12.0 s = 60 % of the loader's 20.0 s", line);
    }
}
