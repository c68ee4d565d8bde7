using ControlPlane.Assets;
using ControlPlane.Elastic;
using ControlPlane.Http;

namespace ControlPlane.Doctor;

/// <summary>
/// Elasticsearch in a few lines: reachable with a supported version (<c>GET /</c>), a license under which transforms run
/// (<c>GET _license</c>: active), and, one line per role asset, credentials that hold what the role's commands need
/// (<c>_has_privileges</c> with the role's own cluster and index privileges).
/// </summary>
public static class ElasticsearchCheck
{
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
        lines.AddRange(await PrivilegesAsync(context, privileges, ct).ConfigureAwait(false));
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

    /// <summary>The commands each shipped role serves (the roles' own comments say why each privilege is there).</summary>
    public static readonly IReadOnlyList<(string Role, string Commands)> RoleCommands =
    [
        ("controlplane_apply", "plan and apply"),
        ("controlplane_loader", "load, backfill, reconcile, stream and serve's schedules"),
        ("controlplane_api", "serve's API and status page"),
    ];

    /// <summary>
    /// One line per role of <c>elastic-assets/roles/</c>: do the credentials in use hold what the role grants? The roles are
    /// read as the planner reads them (<see cref="ElasticAssetLoader"/>), so the question follows the assets.
    /// </summary>
    private static async Task<IReadOnlyList<DoctorLine>> PrivilegesAsync(DoctorContext context, string name, CancellationToken ct)
    {
        var roles = ElasticAssetLoader.Load(context.Root).Assets.Of(AssetKinds.Role)
            .OrderBy(r => RoleCommands.Select(c => c.Role).ToList().IndexOf(r.Name) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        if (roles.Count == 0)
            return [DoctorLine.Warn(name, $"no role assets under {context.Root.Relative(AssetKinds.Folder(context.Root, AssetKinds.Role))}/: nothing to compare the credentials with", "run validate; the repository ships controlplane_apply, controlplane_loader and controlplane_api")];
        var lines = new List<DoctorLine>();
        foreach (var role in roles)
        {
            var check = $"{name} {role.Name}";
            var commands = RoleCommands.FirstOrDefault(c => c.Role == role.Name).Commands ?? $"the commands that use role {role.Name}";
            try
            {
                var answer = await context.Elasticsearch.HasPrivilegesOfRoleAsync(role.Body, ct).ConfigureAwait(false);
                var who = answer.Username is null ? "the credentials" : $"user {answer.Username}";
                lines.Add(answer.Missing.Count == 0
                    ? DoctorLine.Ok(check, $"{who} holds what {commands} need ({role.Name})")
                    : DoctorLine.Fail(check, $"{who} lacks {Describe(answer.Missing)}: {commands} fail without them ({role.Name})",
                        $"if these credentials are for {commands}, grant them to their role or use an API key minted with role {role.Name} (README \"Least privilege\")"));
            }
            catch (RestException ex) when (ex.Reason.Contains("Security must be explicitly enabled", StringComparison.Ordinal))
            {
                // One line for the cluster, not one per role: nothing is checked when security is off.
                return [DoctorLine.Warn(name, "security is off on this cluster: every request is allowed", "turn security on (xpack.security.enabled: true) for anything but a local demo")];
            }
            catch (RestException ex)
            {
                lines.Add(DoctorLine.Fail(check, $"_has_privileges failed: {ex.Message}", "check the credentials (ES_USERNAME/ES_PASSWORD or ES_API_KEY)"));
            }
        }
        // Least privilege means a process's credentials hold one role (a loader's key is not meant to apply): when some role
        // is fully held, the others are warnings; only credentials that can do none of the jobs fail doctor.
        if (lines.Any(l => l.Outcome == DoctorOutcome.Ok))
            lines = [.. lines.Select(l => l.Outcome == DoctorOutcome.Fail && l.Finding.Contains(" lacks ", StringComparison.Ordinal) ? l with { Outcome = DoctorOutcome.Warn } : l)];
        return lines;
    }

    /// <summary><c>cluster:manage_transform, write on platform_sales, platform_alerts</c>: index privileges grouped by privilege.</summary>
    private static string Describe(IReadOnlyList<string> missing)
    {
        var cluster = missing.Where(m => m.StartsWith("cluster:", StringComparison.Ordinal));
        var index = missing.Where(m => !m.StartsWith("cluster:", StringComparison.Ordinal))
            .Select(m => (Index: m[..m.LastIndexOf(':')], Privilege: m[(m.LastIndexOf(':') + 1)..]))
            .GroupBy(m => m.Privilege)
            .Select(g => $"{g.Key} on {string.Join(", ", g.Select(m => m.Index))}");
        return string.Join("; ", cluster.Concat(index));
    }
}
