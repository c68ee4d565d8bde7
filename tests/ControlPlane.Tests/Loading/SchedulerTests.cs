using ControlPlane.Loading;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using NCrontab;

namespace ControlPlane.Tests.Loading;

public sealed class SchedulerTests : IAsyncLifetime
{
    // 09:59 in Seoul; platform_sales runs at 00, 06, 12 and 18 o'clock Seoul time.
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 0, 59, 0, TimeSpan.Zero);
    private LoaderHarness _h = null!;
    public async Task InitializeAsync() => _h = await LoaderHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public void OccurrencesAreReadInTheSourcesTimeZone()
    {
        var seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
        var schedule = new SourceSchedule(CrontabSchedule.Parse("0 */6 * * *"), seoul);

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(9)), schedule.NextAfter(Now));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 18, 0, 0, TimeSpan.FromHours(9)), schedule.NextAfter(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(9))));
        Assert.True(schedule.Missed(null, Now));
        Assert.False(schedule.Missed(Now.AddMinutes(-1), Now));   // finished 09:58, after the 06:00 run
        Assert.True(schedule.Missed(Now.AddHours(-4), Now));      // finished 05:59: the 06:00 run was missed
    }

    [Fact]
    public void ATimeSkippedByDaylightSavingRunsAtTheFirstValidMinute()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var schedule = new SourceSchedule(CrontabSchedule.Parse("30 2 * * *"), newYork);
        // 2026-03-08 02:30 does not exist in New York (clocks jump from 02:00 to 03:00).
        var next = schedule.NextAfter(new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.FromHours(-5)));
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 3, 0, 0, TimeSpan.FromHours(-4)), next);
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
