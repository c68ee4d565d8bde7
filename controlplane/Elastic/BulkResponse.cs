namespace ControlPlane.Elastic;

/// <summary>One item of a <c>_bulk</c> answer, in the order the actions were sent.</summary>
public readonly record struct BulkItemResult(string Action, string? Index, string? Id, int Status, string? ErrorType, string? ErrorReason)
{
    public bool IsSuccess => Status is >= 200 and < 300;
    /// <summary>429 and 5xx are worth retrying alone; anything else is permanent for that document.</summary>
    public bool IsRetryable => Status == 429 || Status >= 500;
}

/// <summary>A parsed <c>_bulk</c> answer. When <see cref="Errors"/> is false the items are all successes.</summary>
public sealed record BulkResponse(bool Errors, IReadOnlyList<BulkItemResult> Items, long TookMs);
