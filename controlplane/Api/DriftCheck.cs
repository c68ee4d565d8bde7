using ControlPlane.Assets;
using ControlPlane.Http;
using ControlPlane.Planning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api;

/// <summary>
/// Runs <c>plan</c> (every configured <see cref="IPlanSection"/>, in order) for the status page and keeps the answer
/// for <see cref="ApiOptions.DriftCacheDuration"/>, so reloading the page does not re-read the whole cluster.
/// One check runs at a time; callers arriving meanwhile get its result.
/// </summary>
public sealed class DriftCheck(
    IEnumerable<IPlanSection> sections, AssetRoot root, TimeProvider time, IOptions<ApiOptions> options, ILogger<DriftCheck> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DriftStatus? _last;

    public async Task<DriftStatus> GetAsync(CancellationToken ct)
    {
        if (Fresh() is { } cached) return cached;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return Fresh() ?? (_last = await RunAsync(ct).ConfigureAwait(false));
        }
        finally
        {
            _gate.Release();
        }
    }

    private DriftStatus? Fresh() =>
        _last is { } last && time.GetUtcNow() - last.CheckedAt < options.Value.DriftCacheDuration ? last : null;

    private async Task<DriftStatus> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var configured = sections.Where(s => s.IsConfigured).OrderBy(s => s.Order).ToList();
        var names = configured.Select(s => s.Name).ToList();
        if (configured.Count == 0)
            return new DriftStatus(now, DriftState.Unknown, [], names, "nothing to compare: no plan section is configured (Elasticsearch needs ES_URL, Kibana KIBANA_URL)");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.DriftCheckTimeout);
        var pending = new List<string>();
        try
        {
            foreach (var section in configured)
                pending.AddRange((await section.PlanAsync(root, timeout.Token).ConfigureAwait(false)).Where(c => c.IsPending).Select(c => c.ToString()));
        }
        catch (Exception ex) when (Reason(ex, timeout, ct) is { } reason)
        {
            ApiLog.DriftCheckFailed(logger, reason);
            return new DriftStatus(now, DriftState.Unknown, [], names, reason);
        }
        return new DriftStatus(now, pending.Count == 0 ? DriftState.InSync : DriftState.Drifted, pending, names, null);
    }

    /// <summary>Why the check could not finish, in words for the page; null (rethrow) only for the caller's own cancellation.</summary>
    private string? Reason(Exception ex, CancellationTokenSource timeout, CancellationToken ct) => ex switch
    {
        OperationCanceledException when ct.IsCancellationRequested => null,
        OperationCanceledException when timeout.IsCancellationRequested => $"the check took longer than {options.Value.DriftCheckTimeout.TotalSeconds:0} s",
        RestException { StatusCode: 0 } r => $"{r.Service} unreachable: {r.Reason}",
        RestException or AssetException or InvalidOperationException or IOException or ArgumentException => ex.Message,
        // The page must render whatever a section throws; the type helps whoever reads the reason.
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
