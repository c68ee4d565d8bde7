namespace ControlPlane.Api;

/// <summary>How an AOV transform stands for the fraud check, worst last.</summary>
public enum TransformCondition { Healthy, Lagging, Stopped, Failed, Missing }

/// <summary>
/// One AOV transform as operators see it: the alias it serves, the current transform behind it, its state and health,
/// when its last checkpoint was made, and how far that checkpoint lags the newest sale (null: no sale or no checkpoint).
/// </summary>
public sealed record TransformHealth(
    string Alias, string? Id, string State, string Health, string? Problem, long? Checkpoint, DateTimeOffset? CheckpointAt, TimeSpan? Lag,
    TransformCondition Condition)
{
    /// <summary>Lower-case, for the page's CSS class and the JSON of <c>/healthz/detail</c>.</summary>
    public string ConditionText => Condition.ToString().ToLowerInvariant();
}
