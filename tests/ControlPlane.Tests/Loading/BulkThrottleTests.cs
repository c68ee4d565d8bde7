using ControlPlane.Loading;

namespace ControlPlane.Tests.Loading;

public sealed class BulkThrottleTests
{
    [Fact]
    public async Task PushBackHalvesTheRequestsInFlightAndCleanAnswersBringThemBack()
    {
        var throttle = new BulkThrottle(4);
        throttle.PushedBack();
        Assert.Equal(2, throttle.Limit);
        throttle.PushedBack();
        throttle.PushedBack();
        Assert.Equal(1, throttle.Limit); // never below one

        var first = await throttle.EnterAsync(default);
        var second = throttle.EnterAsync(default);
        Assert.False(second.IsCompleted); // one in flight while pushed back: the second sender waits (and so does the reader)
        throttle.Recovered();
        (await second).Dispose();
        first.Dispose();
        for (var i = 0; i < 10; i++) throttle.Recovered();
        Assert.Equal(4, throttle.Limit); // never above the configured concurrency
    }

    [Fact]
    public async Task AWaitingSenderCanBeCancelledAndTheNextOneStillGetsItsTurn()
    {
        var throttle = new BulkThrottle(1);
        var held = await throttle.EnterAsync(default);
        using var cancel = new CancellationTokenSource();
        var cancelled = throttle.EnterAsync(cancel.Token);
        var next = throttle.EnterAsync(default);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        held.Dispose();
        (await next).Dispose();
    }
}

public sealed class RetryBudgetTests
{
    [Fact]
    public void BackoffDoublesUpToTheCapWithJitterAndStopsAtTheDeadline()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var budget = new RetryBudget(clock, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), clock.GetUtcNow().AddMinutes(5), TimeSpan.FromMinutes(5));
        for (var attempt = 1; attempt <= 40; attempt++)
        {
            var full = Math.Min(Math.Pow(2, attempt - 1), 30);
            var delay = budget.Backoff(attempt).TotalSeconds;
            Assert.InRange(delay, full / 2, full);
        }
        clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(50));
        Assert.True(budget.NextDelay(10, "page 3", "429") <= TimeSpan.FromSeconds(10)); // never waits past the deadline
        clock.Advance(TimeSpan.FromSeconds(10));
        var ex = Assert.Throws<RunDeadlineExceededException>(() => budget.NextDelay(11, "source s page 3: 1 bulk action(s) not written", "429 es_rejected_execution_exception: queue full"));
        Assert.Equal("source s page 3: 1 bulk action(s) not written: Elasticsearch still answers 429 es_rejected_execution_exception: queue full after retrying until the run deadline (5 min, Loader:RunDeadline); nothing was dead-lettered, the watermark stays before these rows and the next run sends them again", ex.Message);
    }
}
