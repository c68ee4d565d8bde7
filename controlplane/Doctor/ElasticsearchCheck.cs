using ControlPlane.Elastic;
using ControlPlane.Http;

namespace ControlPlane.Doctor;

/// <summary>
/// Elasticsearch in three lines: reachable with a supported version (<c>GET /</c>), a license under which transforms run
/// (<c>GET _license</c>: active), and credentials that hold what apply, load and serve need (<c>_has_privileges</c>).
/// </summary>
public static class ElasticsearchCheck
{
    /// <summary>Cluster privileges: monitor (GET /, stats), templates and pipelines (apply), transforms (apply, load's _schedule_now, stats).</summary>
    public static readonly IReadOnlyList<string> ClusterPrivileges = ["monitor", "manage_index_templates", "manage_ingest_pipelines", "manage_transform"];

    /// <summary>Index privileges on our indices: create and manage them (apply), write and read documents (load, serve).</summary>
    public static readonly IReadOnlyList<string> IndexPrivileges = ["create_index", "manage", "write", "read", "view_index_metadata"];

    public static readonly IReadOnlyList<string> Indices = ["platform_*"];

    public static async Task<IReadOnlyList<DoctorLine>> RunAsync(DoctorContext context, CancellationToken ct)
    {
        const string reach = "elasticsearch", license = "elasticsearch license", privileges = "elasticsearch privileges";
        if (!context.ElasticsearchOptions.IsConfigured)
            return [DoctorLine.Skip(reach, "ES_URL is not set"), DoctorLine.Skip(license, "ES_URL is not set"), DoctorLine.Skip(privileges, "ES_URL is not set")];
        var url = context.ElasticsearchOptions.Url;
        try
        {
            context.Cluster = await context.Elasticsearch.GetClusterInfoAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RestException or InvalidOperationException)
        {
            var fix = ex switch
            {
                RestException { StatusCode: 0 } => "start the cluster (docker compose up -d --wait) or fix ES_URL; for https check ES_CA_CERT",
                RestException { StatusCode: 401 } => "check ES_USERNAME/ES_PASSWORD or ES_API_KEY",
                InvalidOperationException => $"upgrade Elasticsearch to {ClusterInfo.Minimum.ToString(2)} or later (STACK_VERSION in .env for the compose stack)",
                _ => "see the error; the cluster answered but not as expected",
            };
            var skipped = "Elasticsearch check failed";
            return [DoctorLine.Fail(reach, ex.Message, fix), DoctorLine.Skip(license, skipped), DoctorLine.Skip(privileges, skipped)];
        }
        var lines = new List<DoctorLine> { DoctorLine.Ok(reach, $"{url} answers: Elasticsearch {context.Cluster.VersionText} (cluster {context.Cluster.ClusterName}), supported ({ClusterInfo.Minimum} or later)") };
        lines.Add(await LicenseAsync(context, license, ct).ConfigureAwait(false));
        lines.Add(await PrivilegesAsync(context, privileges, ct).ConfigureAwait(false));
        return lines;
    }

    private static async Task<DoctorLine> LicenseAsync(DoctorContext context, string name, CancellationToken ct)
    {
        try
        {
            // Transforms run under every license, basic included, as long as it is active: an expired one stops them.
            var l = await context.Elasticsearch.GetLicenseAsync(ct).ConfigureAwait(false);
            return l.Status == "active"
                ? DoctorLine.Ok(name, $"{l.Type} license, active: transforms allowed")
                : DoctorLine.Fail(name, $"{l.Type} license is {l.Status}{(l.ExpiresAt is { } e ? $" (expired {e:yyyy-MM-dd})" : "")}: transforms do not run", "renew the license, or fall back to basic: POST _license/start_basic?acknowledge=true");
        }
        catch (RestException ex)
        {
            return DoctorLine.Fail(name, $"GET _license failed: {ex.Message}", "give the credentials the monitor cluster privilege");
        }
    }

    private static async Task<DoctorLine> PrivilegesAsync(DoctorContext context, string name, CancellationToken ct)
    {
        try
        {
            var check = await context.Elasticsearch.HasPrivilegesAsync(ClusterPrivileges, Indices, IndexPrivileges, ct).ConfigureAwait(false);
            var who = check.Username is null ? "the credentials" : $"user {check.Username}";
            return check.Missing.Count == 0
                ? DoctorLine.Ok(name, $"{who} holds {string.Join(", ", ClusterPrivileges)} and {string.Join(", ", IndexPrivileges)} on {string.Join(", ", Indices)}")
                : DoctorLine.Fail(name, $"{who} lacks {string.Join(", ", check.Missing)}", "grant them to the role of these credentials (apply needs the manage_* privileges, load write and read, serve read)");
        }
        catch (RestException ex) when (ex.Reason.Contains("Security must be explicitly enabled", StringComparison.Ordinal))
        {
            return DoctorLine.Warn(name, "security is off on this cluster: every request is allowed", "turn security on (xpack.security.enabled: true) for anything but a local demo");
        }
        catch (RestException ex)
        {
            return DoctorLine.Fail(name, $"_has_privileges failed: {ex.Message}", "check the credentials (ES_USERNAME/ES_PASSWORD or ES_API_KEY)");
        }
    }
}
