using ControlPlane.Http;

namespace ControlPlane.Kibana;

/// <summary>Kibana's own word on itself: its version and overall level (available, degraded, unavailable, critical).</summary>
public sealed record KibanaStatusInfo(string Version, string Level);

/// <summary>
/// <c>GET api/status</c> (https://www.elastic.co/docs/api/doc/kibana/operation/operation-get-status: <c>{"name",
/// "version": {"number", …}, "status": {"overall": {"level"}, …}}</c>), for <c>doctor</c>.
/// </summary>
public static class KibanaStatus
{
    public static async Task<KibanaStatusInfo> ReadAsync(KibanaHttp kibana, CancellationToken ct)
    {
        var body = await kibana.SendOrThrowAsync(HttpMethod.Get, "api/status", null, ct, "Kibana status").ConfigureAwait(false);
        return new KibanaStatusInfo(body?["version"]?["number"]?.ToString() ?? "unknown", body?["status"]?["overall"]?["level"]?.ToString() ?? "unknown");
    }
}
