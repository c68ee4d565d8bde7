using ControlPlane.Http;
using ControlPlane.Kibana;

namespace ControlPlane.Doctor;

/// <summary>Kibana reachable, available, and of the same major.minor as Elasticsearch (Kibana refuses a cluster of another version).</summary>
public static class KibanaCheck
{
    public static async Task<DoctorLine> RunAsync(DoctorContext context, CancellationToken ct)
    {
        const string name = "kibana";
        if (context.Kibana is null) return DoctorLine.Skip(name, "KIBANA_URL is not set: dashboards are not planned or imported");
        var url = context.KibanaOptions.Url;
        KibanaStatusInfo status;
        try
        {
            status = await KibanaStatus.ReadAsync(context.Kibana, ct).ConfigureAwait(false);
        }
        catch (RestException ex)
        {
            var fix = ex.StatusCode switch
            {
                0 => "start Kibana (docker compose up -d --wait) or fix KIBANA_URL",
                401 => "check KIBANA_USERNAME/KIBANA_PASSWORD or KIBANA_API_KEY",
                _ => "see the error; Kibana answered but not as expected",
            };
            return DoctorLine.Fail(name, $"{url}: {ex.Message}", fix);
        }
        if (context.Cluster is { } cluster && !SameMinor(status.Version, cluster.VersionText))
            return DoctorLine.Fail(name, $"Kibana {status.Version} does not match Elasticsearch {cluster.VersionText}", "run the same major.minor of both (STACK_VERSION in .env for the compose stack)");
        if (status.Level != "available")
            return DoctorLine.Warn(name, $"Kibana {status.Version} at {url} reports its overall status as {status.Level}", "look at Kibana's status page (KIBANA_URL/status)");
        var against = context.Cluster is { } c ? $", matches Elasticsearch {c.VersionText}" : "";
        return DoctorLine.Ok(name, $"Kibana {status.Version} at {url} is available{against}");
    }

    private static bool SameMinor(string a, string b)
    {
        static string MajorMinor(string v) => string.Join('.', v.Split('-', '+')[0].Split('.').Take(2));
        return MajorMinor(a) == MajorMinor(b);
    }
}
