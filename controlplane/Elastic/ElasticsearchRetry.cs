using Elastic.Transport;
using Polly;
using Polly.Retry;

namespace ControlPlane.Elastic;

/// <summary>
/// Retries a whole request with jittered exponential backoff when Elasticsearch answers 429, 502, 503 or 504 or cannot be
/// reached. Elastic.Transport itself only fails over to another node (and never on 429, see ApiCallDetails.SuccessOrKnownError
/// in elastic-transport-net), and a single-node pool has no other node: without this a busy cluster fails the call at once.
/// </summary>
public sealed class ElasticsearchRetry
{
    private static readonly int[] Transient = [429, 502, 503, 504];
    private readonly ResiliencePipeline? _pipeline;

    public ElasticsearchRetry(int maxRetries, TimeSpan baseDelay, TimeProvider time)
    {
        if (maxRetries <= 0) return;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Min(maxRetries, 20),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is TransportResponse r && IsTransient(r)),
            })
            .Build();
    }

    /// <summary>No retries: for probes that report what they see at once.</summary>
    public static ElasticsearchRetry None { get; } = new(0, TimeSpan.Zero, TimeProvider.System);

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct) where T : TransportResponse
    {
        if (_pipeline is null) return await call(ct).ConfigureAwait(false);
        return await _pipeline.ExecuteAsync(async token => await call(token).ConfigureAwait(false), ct).ConfigureAwait(false);
    }

    /// <summary>429/502/503/504, or no answer at all (connection refused, reset, timed out).</summary>
    public static bool IsTransient(TransportResponse response) =>
        response.ApiCallDetails?.HttpStatusCode is not int status ? response.ApiCallDetails is not null : Transient.Contains(status);
}
