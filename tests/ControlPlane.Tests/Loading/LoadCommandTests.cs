using ControlPlane.Cli;
using ControlPlane.Loading;

namespace ControlPlane.Tests.Loading;

public sealed class LoadCommandTests
{
    [Fact]
    public void LoadAndBackfillParseTheirOptions()
    {
        var root = RootCommandFactory.Create();
        Assert.Empty(root.Parse(["load", "--once", "--source", "shop_orders"]).Errors);
        Assert.Empty(root.Parse(["backfill", "--from", "2026-11-01", "--to", "2026-11-30T12:00:00"]).Errors);
        Assert.NotEmpty(root.Parse(["backfill", "--to", "2026-11-30"]).Errors); // --from is required
    }

    [Fact]
    public void BackfillDatesMeanWholeLocalDaysAndDateTimesAreExact()
    {
        Assert.Equal(new DateTime(2026, 11, 1), BackfillRange.Parse("--from", "2026-11-01", endOfDay: false));
        Assert.Equal(new DateTime(2026, 11, 30, 23, 59, 59).AddTicks(9_999_990), BackfillRange.Parse("--to", "2026-11-30", endOfDay: true));
        Assert.Equal(new DateTime(2026, 11, 30, 12, 0, 0), BackfillRange.Parse("--to", "2026-11-30T12:00:00", endOfDay: true));
        var ex = Assert.Throws<ArgumentException>(() => BackfillRange.Parse("--from", "30/11/2026", endOfDay: false));
        Assert.Contains("--from '30/11/2026'", ex.Message);
    }

    [Fact]
    public void TheLastDayMySqlHoldsIsAValidEndAndYearsBeforeItsFirstAreNamed()
    {
        Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59).AddTicks(9_999_990), BackfillRange.Parse("--to", "9999-12-31", endOfDay: true));
        var ex = Assert.Throws<ArgumentException>(() => BackfillRange.Parse("--from", "0999-12-31", endOfDay: false));
        Assert.Equal("--from '0999-12-31' is before 1000-01-01, the first day MySQL's DATETIME holds", ex.Message);
    }

    [Fact]
    public void TheSummaryLineNamesEveryFigure()
    {
        var result = new LoadResult("platform_sales", "load", LoadStatus.Succeeded, 1000, 990, 2, 8, 3, TimeSpan.FromSeconds(4.25));
        Assert.Equal("platform_sales: load done: read 1000, indexed 990, deleted 2, dead-lettered 8, flagged 3 in 4.3 s", result.Summary());
        var output = new StringWriter();
        var errors = new StringWriter();
        Assert.False(LoadConsole.PrintSummaries([result with { Status = LoadStatus.Failed, Message = "boom" }], output, errors));
        Assert.Equal("load: source platform_sales failed: boom", errors.ToString().Trim());
    }
}
