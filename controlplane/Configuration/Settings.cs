using Microsoft.Extensions.Configuration;

namespace ControlPlane.Configuration;

/// <summary>
/// Reads the flat setting names of interface.md (ES_URL, KIBANA_URL, MYSQL_CONNECTION, CARD_HMAC_KEY, API_KEY…).
/// Command-line options are added as the last configuration source, so they win over the environment,
/// which wins over appsettings.json. Every secret may also come from a file named by <c>NAME_FILE</c>.
/// </summary>
public static class Settings
{
    public static string? Get(IConfiguration config, string name) =>
        string.IsNullOrWhiteSpace(config[name]) ? null : config[name]!.Trim();

    /// <summary>A secret from <c>NAME</c> or from the file <c>NAME_FILE</c> points to (Docker/Kubernetes secrets).</summary>
    public static string? GetSecret(IConfiguration config, string name)
    {
        if (Get(config, name) is { } direct) return direct;
        if (Get(config, name + "_FILE") is not { } path) return null;
        if (!File.Exists(path)) throw new FileNotFoundException($"{name}_FILE points to a missing file: {path}");
        return File.ReadAllText(path).Trim();
    }

    public static bool GetFlag(IConfiguration config, string name) =>
        Get(config, name) is { } v && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1" || v.Equals("yes", StringComparison.OrdinalIgnoreCase));
}
