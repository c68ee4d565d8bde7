using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Fakes;

/// <summary>
/// The license and the privileges of the caller, for <c>doctor</c>. <c>GET _license</c> answers as
/// https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-license-get shows it (<c>{"license": {"status",
/// "uid", "type", "issue_date", "issue_date_in_millis", "expiry_date", "expiry_date_in_millis", "max_nodes", "issued_to",
/// "issuer", "start_date_in_millis"}}</c>; a basic license has no expiry). <c>_security/user/_has_privileges</c> answers as
/// https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-security-has-privileges shows it: every requested
/// cluster privilege and, per requested index name, every requested index privilege, each true or false, and
/// <c>has_all_requested</c>. The caller holds everything unless a test takes privileges away.
/// </summary>
public sealed partial class FakeElasticsearch
{
    /// <summary><c>type</c> and <c>status</c> of the license (<c>active</c>, <c>expired</c>, …). Defaults to an active basic license.</summary>
    public (string Type, string Status) License { get; set; } = ("basic", "active");

    /// <summary>Privileges the caller lacks: <c>cluster:NAME</c> or <c>INDEX:NAME</c> (the index as requested). Defaults to none.</summary>
    public HashSet<string> MissingPrivileges { get; } = [];

    private void RegisterSecurityRoutes()
    {
        Map("GET", "_license", _ => Ok(LicenseBody()));
        Map("POST", "_security/user/_has_privileges", r => HasPrivileges(r.JsonBody));
        Map("GET", "_security/user/_has_privileges", r => HasPrivileges(r.JsonBody));
    }

    private JsonObject LicenseBody()
    {
        var license = new JsonObject
        {
            ["status"] = License.Status, ["uid"] = "2a6c8b3c-0000-4000-8000-fakelicense1", ["type"] = License.Type,
            ["issue_date"] = "2026-01-01T00:00:00.000Z", ["issue_date_in_millis"] = 1767225600000, ["max_nodes"] = 1000,
            ["max_resource_units"] = null, ["issued_to"] = "fake-cluster", ["issuer"] = "elasticsearch", ["start_date_in_millis"] = -1,
        };
        if (License.Type != "basic")
        {
            license["expiry_date"] = "2026-11-01T00:00:00.000Z";
            license["expiry_date_in_millis"] = 1793491200000;
        }
        return new JsonObject { ["license"] = license };
    }

    private FakeResponse HasPrivileges(JsonObject body)
    {
        var cluster = new JsonObject();
        foreach (var p in body["cluster"] as JsonArray ?? []) cluster[p!.ToString()] = !MissingPrivileges.Contains($"cluster:{p}");
        var index = new JsonObject();
        foreach (var entry in body["index"] as JsonArray ?? [])
            foreach (var name in entry!["names"] as JsonArray ?? [])
            {
                var held = index[name!.ToString()] as JsonObject ?? new JsonObject();
                foreach (var p in entry["privileges"] as JsonArray ?? []) held[p!.ToString()] = !MissingPrivileges.Contains($"{name}:{p}");
                index[name.ToString()] = held;
            }
        var all = cluster.All(kv => (bool)kv.Value!) && index.All(kv => kv.Value!.AsObject().All(p => (bool)p.Value!));
        return Ok(new JsonObject { ["username"] = "elastic", ["has_all_requested"] = all, ["cluster"] = cluster, ["index"] = index, ["application"] = new JsonObject() });
    }
}
