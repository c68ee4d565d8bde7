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

    /// <summary>Native-realm roles by name, as stored (the PUT body); <c>superuser</c> stands for the reserved roles.</summary>
    public Dictionary<string, JsonObject> Roles { get; } = new(StringComparer.Ordinal);

    private void RegisterSecurityRoutes()
    {
        Map("GET", "_security/role", _ => GetRoles(null));
        Map("GET", "_security/role/{name}", r => GetRoles(r["name"]));
        Map("PUT", "_security/role/{name}", r => PutRole(r["name"], r.JsonBody));
        Map("POST", "_security/role/{name}", r => PutRole(r["name"], r.JsonBody));
        Map("DELETE", "_security/role/{name}", r => DeleteRole(r["name"]));
        Map("GET", "_license", _ => Ok(LicenseBody()));
        Map("POST", "_security/user/_has_privileges", r => HasPrivileges(r.JsonBody));
        Map("GET", "_security/user/_has_privileges", r => HasPrivileges(r.JsonBody));
    }

    // ---- roles ----------------------------------------------------------------------------------------------------
    // As https://www.elastic.co/guide/en/elasticsearch/reference/current/security-api-get-role.html and
    // https://www.elastic.co/guide/en/elasticsearch/reference/current/security-api-put-role.html show them:
    // GET answers every role keyed by its name (reserved roles included, metadata._reserved: true), each as its PUT body
    // plus transient_metadata {"enabled": true}, empty applications and run_as, allow_restricted_indices: false per index
    // entry and names as an array; a named role that does not exist is 404 with an empty body. PUT answers
    // {"role": {"created": true|false}} (specification/security/put_role/SecurityPutRoleResponse.ts) and refuses metadata
    // keys starting with '_' (reserved for the system).

    private static readonly JsonObject Superuser = new()
    {
        ["cluster"] = new JsonArray("all"),
        ["indices"] = new JsonArray(new JsonObject { ["names"] = new JsonArray("*"), ["privileges"] = new JsonArray("all"), ["allow_restricted_indices"] = true }),
        ["applications"] = new JsonArray(new JsonObject { ["application"] = "*", ["privileges"] = new JsonArray("*"), ["resources"] = new JsonArray("*") }),
        ["run_as"] = new JsonArray("*"),
        ["metadata"] = new JsonObject { ["_reserved"] = true },
        ["transient_metadata"] = new JsonObject { ["enabled"] = true },
    };

    private FakeResponse GetRoles(string? names)
    {
        lock (Sync)
        {
            var all = new Dictionary<string, JsonObject>(StringComparer.Ordinal) { ["superuser"] = Superuser };
            foreach (var (name, body) in Roles) all[name] = AsAnswered(body);
            var answer = new JsonObject();
            foreach (var (name, role) in all.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                if (names is null || names.Split(',').Contains(name)) answer[name] = role.DeepClone();
            return names is not null && answer.Count == 0 ? Ok(new JsonObject(), 404) : Ok(answer);
        }
    }

    private static JsonObject AsAnswered(JsonObject stored)
    {
        var role = (JsonObject)stored.DeepClone();
        role["cluster"] ??= new JsonArray();
        role["indices"] ??= new JsonArray();
        foreach (var entry in role["indices"]!.AsArray().OfType<JsonObject>())
        {
            if (entry["names"] is JsonValue single) entry["names"] = new JsonArray(single.ToString());
            entry["allow_restricted_indices"] ??= false;
        }
        role["applications"] ??= new JsonArray();
        role["run_as"] ??= new JsonArray();
        role["metadata"] ??= new JsonObject();
        role["transient_metadata"] = new JsonObject { ["enabled"] = true };
        return role;
    }

    private FakeResponse PutRole(string name, JsonObject body)
    {
        lock (Sync)
        {
            if (name == "superuser") return Error(400, "illegal_argument_exception", $"role [{name}] is reserved and may not be used");
            if (body["metadata"] is JsonObject m && m.Select(kv => kv.Key).FirstOrDefault(k => k.StartsWith('_')) is { } reserved)
                return Error(400, "action_request_validation_exception", $"Validation Failed: 1: role metadata keys may not start with [_] ({reserved});");
            var created = !Roles.ContainsKey(name);
            Roles[name] = (JsonObject)body.DeepClone();
            return Ok(new JsonObject { ["role"] = new JsonObject { ["created"] = created } });
        }
    }

    private FakeResponse DeleteRole(string name)
    {
        lock (Sync)
        {
            var found = Roles.Remove(name);
            return Ok(new JsonObject { ["found"] = found }, found ? 200 : 404);
        }
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
