using System.Globalization;
using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Elastic;
using ControlPlane.Http;
using ControlPlane.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api;

/// <summary>
/// Gathers the status page: each source (from <c>elastic-assets/sources/</c> and the loader's <c>platform_loader_state</c>
/// documents, fields of docs/design.md) with its last run, watermark and lag (now − watermark), and the drift check.
/// A part that cannot be read is reported as unknown with the reason; the page itself always renders.
/// </summary>
public sealed class StatusService(
    [FromKeyedServices(ApiServiceCollectionExtensions.ProbeClient)] ElasticsearchGateway es, AssetRoot root, DriftCheck drift, TransformHealthService transforms, TimeProvider time, IOptions<ApiOptions> options, ILogger<StatusService> logger,
    Reconciliation.ReconcileStatus? reconcile = null)
{
    public async Task<StatusReport> BuildAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<SourceDefinition> definitions = [];
        string? sourcesError = null;
        try { definitions = SourceCatalog.Load(root); }
        catch (Exception ex) when (ex is AssetException or IOException)
        {
            sourcesError = ex.Message;
            ApiLog.StatusReadFailed(logger, "source definitions", ex.Message);
        }

        var (states, stateError) = await ReadStatesAsync(ct).ConfigureAwait(false);
        var driftStatus = await drift.GetAsync(ct).ConfigureAwait(false);

        var names = definitions.Select(d => d.Name).Concat(states.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var counts = stateError is null ? await CountDocumentsAsync(names, ct).ConfigureAwait(false) : [];
        var sources = names.Select(name => ToStatus(name, definitions.FirstOrDefault(d => d.Name == name), states.GetValueOrDefault(name), now)
            with { Documents = counts.GetValueOrDefault(name) }).ToList();
        var (transformHealth, transformsError) = await transforms.ReadAsync(ct).ConfigureAwait(false);
        return new StatusReport(now, sources, sourcesError, stateError, driftStatus, reconcile?.Last) { Transforms = transformHealth, TransformsError = transformsError };
    }

    private async Task<(Dictionary<string, JsonObject> States, string? Error)> ReadStatesAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.ElasticsearchTimeout);
        try
        {
            var body = new JsonObject { ["size"] = 1000, ["query"] = new JsonObject { ["match_all"] = new JsonObject() } };
            var hits = await SaleSearch.SearchHitsAsync(es, IndexNames.LoaderState, body, timeout.Token).ConfigureAwait(false);
            var states = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var hit in hits)
                if (hit["_source"] is JsonObject s) states[Read.Text(s["source"]) ?? hit["_id"]?.ToString() ?? "?"] = s;
            return (states, null);
        }
        catch (Exception ex) when (ex is RestException || (ex is OperationCanceledException && timeout.IsCancellationRequested && !ct.IsCancellationRequested))
        {
            var reason = ex switch
            {
                RestException { StatusCode: 0 } r => $"Elasticsearch unreachable: {r.Reason}",
                RestException r => r.Message,
                _ => $"Elasticsearch did not answer within {options.Value.ElasticsearchTimeout.TotalSeconds:0} s",
            };
            ApiLog.StatusReadFailed(logger, IndexNames.LoaderState, reason);
            return ([], reason);
        }
    }

    /// <summary>
    /// Each source's documents in the indices now (<c>_count</c>): the totals an operator can trust, where the loader's
    /// running sums count every re-read of the overlap and every re-check again. Unknown (absent) when a count fails.
    /// </summary>
    private async Task<Dictionary<string, SourceDocumentCounts>> CountDocumentsAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.ElasticsearchTimeout);
        var counts = new Dictionary<string, SourceDocumentCounts>(StringComparer.Ordinal);
        try
        {
            foreach (var name in names) counts[name] = await es.CountSourceAsync(name, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RestException || (ex is OperationCanceledException && timeout.IsCancellationRequested && !ct.IsCancellationRequested))
        {
            ApiLog.StatusReadFailed(logger, "document counts", ex.Message);
        }
        return counts;
    }

    private static SourceStatus ToStatus(string name, SourceDefinition? definition, JsonObject? s, DateTimeOffset now)
    {
        var watermark = Instant(s?["watermark_updated_at"]);
        return new SourceStatus(
            name, definition?.Table, definition?.Schedule, s is not null,
            Read.Text(s?["last_run_status"]), Instant(s?["last_run_started_at"]), Instant(s?["last_run_finished_at"]), Read.Text(s?["last_error"]),
            watermark, watermark is { } w ? now - w : null,
            Long(s?["last_run_rows_indexed"]), Long(s?["last_run_rows_deadlettered"]), Long(s?["last_run_rows_flagged"]),
            Long(s?["total_rows_indexed"]), Long(s?["total_rows_deadlettered"]), Long(s?["total_rows_flagged"]))
        {
            RunChanges = (Long(s?["last_run_sales_new"]), Long(s?["last_run_sales_updated"]), Long(s?["last_run_sales_unchanged"])) is ({ } n, { } u, { } same)
                ? (n, u, same) : null,
        };
    }

    private static long? Long(JsonNode? n) => (long?)Read.Decimal(n);

    private static DateTimeOffset? Instant(JsonNode? n) =>
        Read.Text(n) is { } t && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
}
