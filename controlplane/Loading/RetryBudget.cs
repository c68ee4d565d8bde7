namespace ControlPlane.Loading;

/// <summary>
/// How long one run keeps retrying transient failures: capped exponential backoff with full-range jitter on the run's
/// <see cref="TimeProvider"/>, until the run's deadline (<see cref="LoaderOptions.RunDeadline"/> after it started). Past
/// the deadline the wait throws <see cref="RunDeadlineExceededException"/>: the page stays unfinished, so the watermark
/// stays before its rows and the next run sends them again.
/// </summary>
public sealed class RetryBudget(TimeProvider time, TimeSpan baseDelay, TimeSpan maxDelay, DateTimeOffset deadline, TimeSpan runDeadline)
{
    public static RetryBudget For(LoaderOptions options, TimeProvider time) =>
        new(time, options.RetryBaseDelay, options.RetryMaxDelay, time.GetUtcNow() + options.RunDeadline, options.RunDeadline);

    public DateTimeOffset Deadline => deadline;

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1: base × 2^(attempt−1), capped, then jittered to 50–100 %.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble() / 2));
    }

    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> + 1, cut short at the deadline; throws
    /// <see cref="RunDeadlineExceededException"/> (naming <paramref name="what"/> and <paramref name="reason"/>) once it has passed.
    /// </summary>
    public TimeSpan NextDelay(int attempt, string what, string reason)
    {
        var left = deadline - time.GetUtcNow();
        if (left <= TimeSpan.Zero) throw new RunDeadlineExceededException(what, reason, runDeadline);
        var delay = Backoff(attempt);
        return delay > left ? left : delay;
    }
}

/// <summary>A run met transient failures until its deadline: nothing was dead-lettered for it, the next run retries.</summary>
public sealed class RunDeadlineExceededException(string what, string reason, TimeSpan runDeadline)
    : Exception($"{what}: Elasticsearch still answers {reason} after retrying until the run deadline ({Text(runDeadline)}, Loader:RunDeadline); " +
                "nothing was dead-lettered, the watermark stays before these rows and the next run sends them again")
{
    private static string Text(TimeSpan t) => t.TotalMinutes >= 1 && t.Seconds == 0 ? $"{(int)t.TotalMinutes} min" : FormattableString.Invariant($"{t.TotalSeconds:0.###} s");
}
