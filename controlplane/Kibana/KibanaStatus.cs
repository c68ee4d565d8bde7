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
        var response = await kibana.SendRawAsync(HttpMethod.Get, "api/status", null, "application/json", ct).ConfigureAwait(false);
        if (!response.IsSuccess) throw kibana.ToException(HttpMethod.Get, "api/status", response, "Kibana status");
        var body = response.Body;
        return new KibanaStatusInfo(body?["version"]?["number"]?.ToString() ?? "unknown", body?["status"]?["overall"]?["level"]?.ToString() ?? "unknown");
    }
}
