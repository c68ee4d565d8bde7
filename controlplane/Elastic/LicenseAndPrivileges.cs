using System.Text.Json.Nodes;

namespace ControlPlane.Elastic;

/// <summary>The cluster's license as <c>GET _license</c> reports it: <c>type</c> (basic, trial, gold, platinum, enterprise…) and <c>status</c> (active, expired…).</summary>
public sealed record LicenseInfo(string Type, string Status, DateTimeOffset? ExpiresAt);

/// <summary>What <c>_has_privileges</c> answered: who asked, and each requested privilege that is missing (<c>cluster:NAME</c>, <c>INDEX:NAME</c>).</summary>
public sealed record PrivilegeCheck(string? Username, IReadOnlyList<string> Missing);

/// <summary>
/// Reads for <c>doctor</c>: the license (https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-license-get:
/// <c>{"license": {"status", "uid", "type", "issue_date", "expiry_date_in_millis", …}}</c>) and the privileges of the
/// credentials in use (https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-security-has-privileges:
/// <c>POST _security/user/_has_privileges</c> with <c>{"cluster": [...], "index": [{"names", "privileges"}]}</c>, answered
/// <c>{"username", "has_all_requested", "cluster": {PRIV: bool}, "index": {NAME: {PRIV: bool}}, "application": {}}</c>).
/// </summary>
public static class LicenseAndPrivileges
{
    public static async Task<LicenseInfo> GetLicenseAsync(this ElasticsearchGateway es, CancellationToken ct)
    {
        var body = await es.SendOrThrowAsync(System.Net.Http.HttpMethod.Get, ElasticPaths.License, null, ct, "license").ConfigureAwait(false);
        var license = body?["license"];
        DateTimeOffset? expires = license?["expiry_date_in_millis"] is JsonValue v && v.TryGetValue(out long ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new LicenseInfo(license?["type"]?.ToString() ?? "unknown", license?["status"]?.ToString() ?? "unknown", expires);
    }

    /// <summary>Asks whether the credentials in use hold <paramref name="cluster"/> and, on <paramref name="indices"/>, <paramref name="index"/> privileges.</summary>
    public static async Task<PrivilegeCheck> HasPrivilegesAsync(this ElasticsearchGateway es, IReadOnlyList<string> cluster, IReadOnlyList<string> indices, IReadOnlyList<string> index, CancellationToken ct)
    {
        var request = new JsonObject
        {
            ["cluster"] = new JsonArray([.. cluster.Select(c => (JsonNode)JsonValue.Create(c))]),
            ["index"] = new JsonArray(new JsonObject
            {
                ["names"] = new JsonArray([.. indices.Select(i => (JsonNode)JsonValue.Create(i))]),
                ["privileges"] = new JsonArray([.. index.Select(p => (JsonNode)JsonValue.Create(p))]),
            }),
        };
        return await AskAsync(es, request, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks whether the credentials in use hold what a role grants: its <c>cluster</c> privileges and each entry of its
    /// <c>indices</c> (names and privileges; field and document security are not part of the question).
    /// </summary>
    public static Task<PrivilegeCheck> HasPrivilegesOfRoleAsync(this ElasticsearchGateway es, JsonObject role, CancellationToken ct)
    {
        static JsonArray Strings(JsonNode? node) => node switch
        {
            JsonArray a => new JsonArray([.. a.Select(v => (JsonNode?)JsonValue.Create(v!.ToString()))]),
            JsonValue v => new JsonArray(JsonValue.Create(v.ToString())),
            _ => [],
        };
        var request = new JsonObject
        {
            ["cluster"] = Strings(role["cluster"]),
            ["index"] = new JsonArray([.. (role["indices"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(e => (JsonNode)new JsonObject { ["names"] = Strings(e["names"]), ["privileges"] = Strings(e["privileges"]) })]),
        };
        return AskAsync(es, request, ct);
    }

    private static async Task<PrivilegeCheck> AskAsync(ElasticsearchGateway es, JsonObject request, CancellationToken ct)
    {
        var body = await es.SendOrThrowAsync(System.Net.Http.HttpMethod.Post, ElasticPaths.HasPrivileges, request, ct, "privileges").ConfigureAwait(false);
        var missing = new List<string>();
        foreach (var (name, held) in body?["cluster"] as JsonObject ?? [])
            if (held is JsonValue h && h.TryGetValue(out bool ok) && !ok) missing.Add($"cluster:{name}");
        foreach (var (indexName, privileges) in body?["index"] as JsonObject ?? [])
            foreach (var (name, held) in privileges as JsonObject ?? [])
                if (held is JsonValue h && h.TryGetValue(out bool ok) && !ok) missing.Add($"{indexName}:{name}");
        return new PrivilegeCheck(body?["username"]?.ToString(), missing);
    }
}
