using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api;

/// <summary>
/// <c>GET /</c>: the operator's page, rendered on the server with no external assets. Every value from outside
/// (source names, errors, plan lines) is HTML-encoded. When API_KEY is set, a request without the key sees only a summary
/// (counts of sources by last run, transforms by condition, drift and reconcile verdicts: no names, errors, figures or
/// plan lines); the full page needs <c>X-Api-Key</c>, like the API.
/// </summary>
public static class StatusPage
{
    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", async (HttpRequest request, ApiKeyCheck keys, StatusService status, IOptions<ApiOptions> options, CancellationToken ct) =>
            {
                var report = await status.BuildAsync(ct).ConfigureAwait(false);
                var html = keys.Accepts(request) ? Render(report, options.Value.TimeZoneInfo) : RenderSummary(report, options.Value.TimeZoneInfo);
                return TypedResults.Content(html, "text/html; charset=utf-8");
            })
            .RequireRateLimiting(ApiRateLimiting.Policy)
            .ExcludeFromDescription();
        return app;
    }

    public static string Render(StatusReport report, TimeZoneInfo zone)
    {
        var html = Head();
        html.Append("<h1>Ingest control plane</h1>");
        html.Append($"<p class=\"muted\" id=\"generated\">Status as of {E(Time(report.Now, zone))}</p>");

        html.Append("<h2>Sources</h2>");
        if (report.SourcesError is { } se) html.Append($"<p class=\"error\" id=\"sources-error\">Source definitions could not be read: {E(se)}</p>");
        if (report.StateError is { } st) html.Append($"<p class=\"error\" id=\"state-error\">Loader state unknown: {E(st)}</p>");
        html.Append("""
            <table id="sources"><thead><tr><th>Source</th><th>Last run</th><th>Finished</th><th>Watermark</th><th>Lag</th>
            <th>Rows loaded<br><span class="muted">last run / in index</span></th><th>Last run changed<br><span class="muted">new / updated / unchanged re-reads</span></th><th>Dead-lettered<br><span class="muted">last run / in index</span></th>
            <th>Flagged<br><span class="muted">last run / in index</span></th><th>Last error</th></tr></thead><tbody>
            """);
        foreach (var s in report.Sources) Row(html, s, report.StateError is not null, zone);
        if (report.Sources.Count == 0) html.Append("<tr><td colspan=\"10\" class=\"muted\">No sources defined.</td></tr>");
        html.Append("</tbody></table>");

        Transforms(html, report, zone);
        Drift(html, report.Drift, zone);
        Reconcile(html, report.Reconcile, zone);
        html.Append("<p class=\"muted\">Search API under <code>/api</code> · <a href=\"/openapi.json\">OpenAPI</a> · <a href=\"/healthz\">/healthz</a> · <a href=\"/healthz/detail\">/healthz/detail</a></p>");
        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>
    /// What anyone who can reach the page may see when API_KEY is set: verdicts and counts only. Source and index names,
    /// errors (hosts, reasons), document figures, watermarks and plan lines stay behind the key.
    /// </summary>
    public static string RenderSummary(StatusReport report, TimeZoneInfo zone)
    {
        var html = Head();
        html.Append("<h1>Ingest control plane</h1>");
        html.Append($"<p class=\"muted\" id=\"generated\">Status as of {E(Time(report.Now, zone))}</p>");
        html.Append("<ul id=\"summary\">");
        var runs = report.StateError is not null ? "unknown"
            : Counts(report.Sources.GroupBy(s => s.HasState ? s.LastRunStatus ?? "unknown" : "never run").Select(g => (g.Key, g.Count())));
        html.Append($"<li id=\"summary-sources\">Sources: {report.Sources.Count} ({E(runs)})</li>");
        var transforms = report.TransformsError is not null ? "unknown"
            : Counts(report.Transforms.GroupBy(t => t.ConditionText).Select(g => (g.Key, g.Count())));
        html.Append($"<li id=\"summary-transforms\">AOV transforms: {report.Transforms.Count} ({E(transforms)})</li>");
        html.Append($"<li id=\"summary-drift\">Assets: {report.Drift.State switch { DriftState.InSync => "in sync", DriftState.Drifted => "drifted", _ => "unknown" }}</li>");
        if (report.Reconcile is { } run)
            html.Append($"<li id=\"summary-reconcile\">Reconcile: {(run.Error is not null ? "unknown" : run.Differences.Count == 0 ? "agree" : "differ")}</li>");
        html.Append("</ul><p class=\"muted\">Details (names, figures, errors, pending changes) need the <code>X-Api-Key</code> header, like the API.</p>");
        html.Append("</body></html>");
        return html.ToString();
    }

    private static string Counts(IEnumerable<(string Label, int Count)> groups)
    {
        var parts = groups.OrderBy(g => g.Label, StringComparer.Ordinal).Select(g => $"{g.Count} {g.Label}").ToList();
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    private static StringBuilder Head()
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="60"><title>Ingest control plane — status</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1a1c21;background:#fafbfd}
            h1{font-size:1.4rem;margin:0 0 .25rem} h2{font-size:1.1rem;margin:2rem 0 .5rem} .muted{color:#69707d}
            table{border-collapse:collapse;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.08)}
            th,td{padding:.45rem .7rem;border-bottom:1px solid #e3e8f2;text-align:left;vertical-align:top;font-size:.9rem}
            th{background:#f1f4fa;font-weight:600} td.num{text-align:right;font-variant-numeric:tabular-nums} td.num,td.t,td.lag{white-space:nowrap}
            .badge{display:inline-block;padding:.1rem .5rem;border-radius:.8rem;font-size:.8rem;font-weight:600}
            .ok{background:#d6f5e6;color:#006b3c} .warn{background:#fff1cc;color:#7a5500} .bad{background:#fde2e0;color:#a3170c} .none{background:#eceff5;color:#535966}
            ul.plan{font-family:ui-monospace,monospace;font-size:.85rem} .error{color:#a3170c}
            </style></head><body>
            """);
        return html;
    }

    /// <summary>The last scheduled reconcile (Reconcile:Schedule), when there was one.</summary>
    private static void Reconcile(StringBuilder html, Reconciliation.ReconcileRun? run, TimeZoneInfo zone)
    {
        if (run is null) return;
        html.Append("<h2>Reconcile</h2><section id=\"reconcile\">");
        var when = $"<span class=\"muted\">{E(run.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} to {E(run.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}, run {E(Time(run.At, zone))}</span>";
        if (run.Error is { } error) html.Append($"<p><span class=\"badge none\">unknown</span> <span class=\"error\">{E(error)}</span> {when}</p>");
        else if (run.Differences.Count == 0) html.Append($"<p><span class=\"badge ok\">agree</span> MySQL and Elasticsearch agree. {when}</p>");
        else
        {
            html.Append($"<p><span class=\"badge bad\">differ</span> {run.Differences.Count} store-day(s) differ; <code>reconcile --repair</code> backfills them. {when}</p><ul class=\"plan\">");
            foreach (var d in run.Differences) html.Append($"<li>{E(d.ToString())}</li>");
            html.Append("</ul>");
        }
        html.Append("</section>");
    }

    private static void Row(StringBuilder html, SourceStatus s, bool stateUnknown, TimeZoneInfo zone)
    {
        var (cls, label) = (stateUnknown, s.HasState, s.LastRunStatus) switch
        {
            (true, _, _) => ("none", "unknown"),
            (_, false, _) => ("none", "never run"),
            (_, _, "succeeded") => ("ok", "succeeded"),
            (_, _, "running") => ("warn", "running"),
            (_, _, "failed") => ("bad", "failed"),
            (_, _, var other) => ("none", other ?? "unknown"),
        };
        var title = s.Table is null ? "" : $"<br><span class=\"muted\">table {E(s.Table)}{(s.Schedule is null ? "" : $", cron {E(s.Schedule)}")}</span>";
        html.Append($"<tr data-source=\"{E(s.Name)}\"><td><strong>{E(s.Name)}</strong>{title}</td>");
        html.Append($"<td><span class=\"badge {cls}\">{E(label)}</span></td>");
        html.Append($"<td class=\"t\">{E(Time(s.LastRunFinishedAt, zone))}</td><td class=\"t\">{E(Time(s.Watermark, zone))}</td><td class=\"lag\">{E(Lag(s.Lag))}</td>");
        // "In index" is a _count of the source's documents: re-reads and re-checks of earlier runs are not counted again.
        html.Append($"<td class=\"num\" data-col=\"sales\">{E(Pair(s.RunRowsIndexed, s.Documents?.Sales))}</td>");
        // Of the rows loaded: sales new to the index, updated ones, and the overlap's re-reads that changed nothing.
        html.Append($"<td class=\"num\" data-col=\"changed\">{E(s.RunChanges is { } c ? $"{N(c.New)} / {N(c.Updated)} / {N(c.Unchanged)}" : "—")}</td>");
        html.Append($"<td class=\"num\" data-col=\"deadlettered\">{E(Pair(s.RunRowsDeadLettered, s.Documents?.DeadLettered))}</td>");
        html.Append($"<td class=\"num\" data-col=\"flagged\">{E(Pair(s.RunRowsFlagged, s.Documents?.Flagged))}</td>");
        html.Append($"<td class=\"error\">{E(s.LastError ?? "")}</td></tr>");
    }

    /// <summary>The AOV transforms the fraud check reads: stopped or failed is red, lagging is amber, so they read differently at a glance.</summary>
    private static void Transforms(StringBuilder html, StatusReport report, TimeZoneInfo zone)
    {
        html.Append("<h2>AOV transforms</h2>");
        if (report.TransformsError is { } te) html.Append($"<p class=\"error\" id=\"transforms-error\">Transform health unknown: {E(te)}</p>");
        html.Append("""
            <table id="transforms"><thead><tr><th>Output</th><th>Condition</th><th>State</th><th>Health</th><th>Last checkpoint</th>
            <th>Lag behind newest sale</th><th>Problem</th></tr></thead><tbody>
            """);
        foreach (var t in report.Transforms)
        {
            var cls = t.Condition switch
            {
                TransformCondition.Healthy => "ok",
                TransformCondition.Lagging => "warn",
                _ => "bad",
            };
            var checkpoint = t.Checkpoint is { } n ? $"#{n} at {Time(t.CheckpointAt, zone)}" : "none yet";
            html.Append($"<tr data-transform=\"{E(t.Alias)}\" data-condition=\"{t.ConditionText}\"><td><strong>{E(t.Alias)}</strong><br><span class=\"muted\">{E(t.Id ?? "—")}</span></td>");
            html.Append($"<td><span class=\"badge {cls}\">{t.ConditionText}</span></td><td>{E(t.State)}</td><td>{E(t.Health)}</td>");
            html.Append($"<td class=\"t\">{E(checkpoint)}</td><td class=\"lag\">{E(Lag(t.Lag))}</td><td class=\"error\">{E(t.Problem ?? "")}</td></tr>");
        }
        if (report.Transforms.Count == 0 && report.TransformsError is null) html.Append("<tr><td colspan=\"7\" class=\"muted\">No AOV transforms.</td></tr>");
        html.Append("</tbody></table>");
    }

    private static void Drift(StringBuilder html, DriftStatus drift, TimeZoneInfo zone)
    {
        html.Append("<h2>Assets</h2><section id=\"drift\">");
        var checkedAt = $"<span class=\"muted\">checked {E(Time(drift.CheckedAt, zone))}{(drift.Sections.Count == 0 ? "" : " against " + E(string.Join(", ", drift.Sections)))}</span>";
        switch (drift.State)
        {
            case DriftState.InSync:
                html.Append($"<p><span class=\"badge ok\">in sync</span> the live assets match the repository. {checkedAt}</p>");
                break;
            case DriftState.Drifted:
                html.Append($"<p><span class=\"badge warn\">drifted</span> {drift.Pending.Count} change(s) pending; <code>apply</code> would make them. {checkedAt}</p><ul class=\"plan\">");
                foreach (var line in drift.Pending) html.Append($"<li>{E(line)}</li>");
                html.Append("</ul>");
                break;
            default:
                html.Append($"<p><span class=\"badge none\">unknown</span> <span class=\"error\">{E(drift.Reason ?? "not checked")}</span> {checkedAt}</p>");
                break;
        }
        html.Append("</section>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Time(DateTimeOffset? t, TimeZoneInfo zone) =>
        t is { } v ? TimeZoneInfo.ConvertTime(v, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) : "—";

    private static string Pair(long? run, long? total) =>
        run is null && total is null ? "—" : $"{N(run)} / {N(total)}";

    private static string N(long? n) => n?.ToString("N0", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>Lag as an operator reads it: the two largest units.</summary>
    public static string Lag(TimeSpan? lag)
    {
        if (lag is not { } l) return "—";
        if (l < TimeSpan.Zero) return "0 s";
        if (l.TotalDays >= 1) return $"{(int)l.TotalDays} d {l.Hours} h";
        if (l.TotalHours >= 1) return $"{(int)l.TotalHours} h {l.Minutes} min";
        if (l.TotalMinutes >= 1) return $"{(int)l.TotalMinutes} min {l.Seconds} s";
        return $"{(int)l.TotalSeconds} s";
    }
}
