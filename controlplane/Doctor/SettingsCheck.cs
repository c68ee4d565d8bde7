using ControlPlane.Configuration;

namespace ControlPlane.Doctor;

/// <summary>
/// The settings every command needs are present, and no secret is still the placeholder of <c>.env.example</c>
/// (<c>change-me</c>): a stack started with it has a known password, and fingerprints keyed with it can be forged.
/// </summary>
public static class SettingsCheck
{
    public const string Placeholder = "change-me";

    private static readonly string[] Required = ["ES_URL", "MYSQL_CONNECTION", "CARD_HMAC_KEY"];
    private static readonly string[] Secrets = ["ES_PASSWORD", "ES_API_KEY", "KIBANA_PASSWORD", "KIBANA_API_KEY", "CARD_HMAC_KEY", "API_KEY"];

    public static DoctorLine Run(DoctorContext context)
    {
        const string name = "settings";
        string? Value(string key) => Secrets.Contains(key) || key == "MYSQL_CONNECTION" ? Settings.GetSecret(context.Config, key) : Settings.Get(context.Config, key);
        var missing = Required.Where(k => Value(k) is null).ToList();
        var placeholders = Secrets.Where(k => string.Equals(Value(k), Placeholder, StringComparison.OrdinalIgnoreCase)).ToList();
        if (Value("MYSQL_CONNECTION") is { } mysql && mysql.Contains("=" + Placeholder, StringComparison.OrdinalIgnoreCase)) placeholders.Add("MYSQL_CONNECTION (its Password)");
        var problems = new List<string>();
        if (missing.Count > 0) problems.Add($"not set: {string.Join(", ", missing)}");
        if (placeholders.Count > 0) problems.Add($"still the .env.example placeholder '{Placeholder}': {string.Join(", ", placeholders)}");
        if (problems.Count > 0)
            return DoctorLine.Fail(name, string.Join("; ", problems), "set them in .env (cp .env.example .env, then replace every change-me) or the environment, and load it: set -a; . ./.env; set +a");
        var auth = context.ElasticsearchOptions.ApiKey is not null ? "API key" : context.ElasticsearchOptions.Username is not null ? $"user {context.ElasticsearchOptions.Username}" : "no credentials";
        return DoctorLine.Ok(name, $"ES_URL ({auth}), MYSQL_CONNECTION and CARD_HMAC_KEY set; no secret is a placeholder");
    }
}
