using ControlPlane.Loading;

namespace ControlPlane.Tests.Loading;

public sealed class WatermarkTrackerTests
{
    private static readonly DateTime T = new(2026, 11, 21, 10, 0, 0);
    private static ChangeKey Key(int second, long id) => new(T.AddSeconds(second), id);

    [Fact]
    public void PagesFinishingOutOfOrderMoveTheWatermarkOnlyToTheEndOfTheContiguousPrefix()
    {
        var tracker = new WatermarkTracker(ChangeKey.Start);

        Assert.Null(tracker.Complete(1, Key(2, 20)));
        Assert.Null(tracker.Complete(2, Key(3, 30)));
        Assert.Equal(ChangeKey.Start, tracker.Watermark); // page 0 is still in flight
        Assert.True(tracker.IsFinished(2));
        Assert.False(tracker.IsFinished(0));

        Assert.Equal(Key(3, 30), tracker.Complete(0, Key(1, 10)));
        Assert.Equal(Key(3, 30), tracker.Watermark);
        Assert.Null(tracker.Complete(4, Key(5, 50)));
        Assert.Equal(Key(3, 30), tracker.Watermark);
    }

    [Fact]
    public void TheWatermarkNeverMovesBackwardsWhenARunReReadsTheOverlap()
    {
        var stored = Key(100, 7);
        var tracker = new WatermarkTracker(stored);

        Assert.Null(tracker.Complete(0, Key(90, 3))); // the overlap re-read before the stored watermark
        Assert.Equal(stored, tracker.Watermark);
        Assert.Equal(Key(101, 1), tracker.Complete(1, Key(101, 1)));
    }

    [Fact]
    public void KeysOrderByUpdatedAtThenId()
    {
        Assert.True(Key(1, 99) < Key(2, 1));
        Assert.True(Key(1, 1) < Key(1, 2));
        Assert.True(ChangeKey.Start < Key(0, long.MinValue));
    }

    [Fact]
    public async Task WaitingForAPageEndsWhenThatPageFinishesNotBefore()
    {
        var tracker = new WatermarkTracker(ChangeKey.Start);
        tracker.Complete(0, Key(1, 10));
        Assert.True(tracker.WhenFinishedAsync(0, default).IsCompletedSuccessfully);

        var waiting = tracker.WhenFinishedAsync(2, default);
        tracker.Complete(1, Key(2, 20));
        Assert.False(waiting.IsCompleted);
        tracker.Complete(2, Key(3, 30));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        using var cancel = new CancellationTokenSource();
        var cancelled = tracker.WhenFinishedAsync(5, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }
}
