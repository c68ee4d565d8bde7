using ControlPlane.Loading;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Cronos;

namespace ControlPlane.Tests.Loading;

public sealed class SchedulerTests : IAsyncLifetime
{
    // 09:59 in Seoul; platform_sales runs at 00, 06, 12 and 18 o'clock Seoul time.
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 0, 59, 0, TimeSpan.Zero);
    private LoaderHarness _h = null!;
    public async Task InitializeAsync() => _h = await LoaderHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    // Daylight saving follows Cronos's README ("Daylight Saving Time", github.com/HangfireIO/Cronos): a time skipped in
    // spring runs at the first valid time after it; in the autumn repeat a fixed time runs once, an interval in both hours.
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    private static SourceSchedule Schedule(string cron, TimeZoneInfo zone) => new(CronExpression.Parse(cron), zone);

    private static List<DateTimeOffset> Occurrences(SourceSchedule schedule, DateTimeOffset after, int count)
    {
        var list = new List<DateTimeOffset>();
        for (var t = after; list.Count < count;) list.Add(t = schedule.NextAfter(t));
        return list;
    }

    [Fact]
    public void OccurrencesAreReadInTheSourcesTimeZone()
    {
        var schedule = Schedule("0 */6 * * *", Seoul);

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(9)), schedule.NextAfter(Now));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 18, 0, 0, TimeSpan.FromHours(9)), schedule.NextAfter(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(9))));
        Assert.True(schedule.Missed(null, Now));
        Assert.False(schedule.Missed(Now.AddMinutes(-1), Now));   // finished 09:58, after the 06:00 run
        Assert.True(schedule.Missed(Now.AddHours(-4), Now));      // finished 05:59: the 06:00 run was missed
    }

    [Fact]
    public void ASeoulScheduleKeepsItsHoursWhileNewYorkChangesItsClocks()
    {
        // Seoul has no daylight saving: midnight there is 15:00 UTC the day before, every day, across New York's changes.
        var days = Occurrences(Schedule("0 0 * * *", Seoul), new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.Zero), 4);

        Assert.All(days, d => Assert.Equal((TimeSpan.FromHours(9), 0, 15), (d.Offset, d.Hour, d.UtcDateTime.Hour)));
        Assert.Equal([7, 8, 9, 10], days.Select(d => d.Day)); // New York springs forward on the 8th
    }

    [Fact]
    public void ATimeSkippedBySpringForwardRunsAtTheFirstValidTimeAfterIt()
    {
        // 2026-03-08 02:30 does not exist in New York (clocks jump from 02:00 to 03:00).
        var runs = Occurrences(Schedule("30 2 * * *", NewYork), new DateTimeOffset(2026, 3, 7, 12, 0, 0, TimeSpan.FromHours(-5)), 3);

        Assert.Equal(
            [
                new DateTimeOffset(2026, 3, 8, 3, 0, 0, TimeSpan.FromHours(-4)),  // skipped time: runs at 03:00, once
                new DateTimeOffset(2026, 3, 9, 2, 30, 0, TimeSpan.FromHours(-4)),
                new DateTimeOffset(2026, 3, 10, 2, 30, 0, TimeSpan.FromHours(-4)),
            ], runs);
    }

    [Fact]
    public void AFixedTimeInTheFallBackRepeatRunsOnceAndAnIntervalRunsInBothHours()
    {
        // 2026-11-01 01:00–01:59 happens twice in New York: first at -04:00, then at -05:00.
        var from = new DateTimeOffset(2026, 10, 31, 12, 0, 0, TimeSpan.FromHours(-4));
        var daily = Occurrences(Schedule("30 1 * * *", NewYork), from, 2);
        var halfHourly = Occurrences(Schedule("*/30 * * * *", NewYork), new DateTimeOffset(2026, 11, 1, 0, 45, 0, TimeSpan.FromHours(-4)), 5);

        Assert.Equal(
            [new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(-4)), new DateTimeOffset(2026, 11, 2, 1, 30, 0, TimeSpan.FromHours(-5))], daily);
        Assert.Equal(
            [
                new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.FromHours(-4)), new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(-4)),
                new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.FromHours(-5)), new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(-5)),
                new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.FromHours(-5)),
            ], halfHourly);
        Assert.Equal(4, halfHourly.Take(4).Select(t => t.UtcDateTime).Distinct().Count()); // four distinct instants, none twice
    }

    [Fact]
    public void ARunFinishedInTheFirstRepeatedHourDoesNotCountTheSecondAsMissed()
    {
        var schedule = Schedule("30 1 * * *", NewYork);
        var finished = new DateTimeOffset(2026, 11, 1, 1, 31, 0, TimeSpan.FromHours(-4));

        Assert.False(schedule.Missed(finished, new DateTimeOffset(2026, 11, 1, 1, 45, 0, TimeSpan.FromHours(-5))));
    }

    [Fact]
    public async Task ARunMissedWhileDownRunsOnceAtStart()
    {
        await _h.InsertGoodSalesAsync(3);
        await WriteLastFinishedAsync(Now.AddHours(-4));
        var (scheduler, time) = Scheduler();
        var results = new List<LoadResult>();
        using var stop = new CancellationTokenSource();

        var running = scheduler.RunAsync([_h.Source()], r => { results.Add(r); stop.Cancel(); }, stop.Token);
        await running;

        var run = Assert.Single(results);
        Assert.Equal((LoadStatus.Succeeded, 3L), (run.Status, run.Indexed));
        Assert.Equal(Now, (await _h.StateAsync())!.LastRunStartedAt);
        Assert.Equal(Now, time.GetUtcNow()); // without waiting for the next occurrence
    }

    [Fact]
    public async Task TheNextRunStartsAtTheNextOccurrenceAndNotBefore()
    {
        await _h.InsertGoodSalesAsync(2);
        await WriteLastFinishedAsync(Now.AddMinutes(-1));
        var (scheduler, time) = Scheduler();
        var ran = new TaskCompletionSource<LoadResult>();
        using var stop = new CancellationTokenSource();

        var running = scheduler.RunAsync([_h.Source()], r => { ran.TrySetResult(r); stop.Cancel(); }, stop.Token);
        await time.WaitForTimerAsync(); // waiting for 12:00 Seoul
        Assert.Equal(0, _h.Es.CountRequests("POST", "_bulk"));
        Assert.False(ran.Task.IsCompleted);

        time.Advance(new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero) - Now);
        var result = await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await running;

        Assert.Equal(2, result.Indexed);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero), (await _h.StateAsync())!.LastRunStartedAt);
    }

    private (LoaderScheduler, ManualTimeProvider) Scheduler()
    {
        var time = new ManualTimeProvider(Now);
        // The same wiring with the manual clock in place of the system clock.
        var provider = _h.Services(configure: s => s.AddSingleton<TimeProvider>(time));
        return (provider.GetRequiredService<LoaderScheduler>(), time);
    }

    private async Task WriteLastFinishedAsync(DateTimeOffset at)
    {
        var store = new LoaderStateStore(TestClients.Elasticsearch(_h.Es.Url));
        Assert.NotNull(await store.TryCreateAsync(new LoaderState { Source = "platform_sales", LastRunFinishedAt = at, LastRunStatus = "succeeded" }, default));
    }
}
