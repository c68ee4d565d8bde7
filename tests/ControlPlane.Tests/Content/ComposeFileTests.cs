using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ControlPlane.Assets;
using ControlPlane.Sources;
using MySqlConnector;

namespace ControlPlane.Tests.Content;

/// <summary>
/// docker-compose.yml cannot run here (no Docker), so these hold it to what a user relies on: every variable it
/// needs is in .env.example, .env stays out of git, the stack is secured and health-checked, the MySQL init script
/// creates the source tables exactly as the source definitions declare them, and the control plane's settings in
/// .env.example point at that stack.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly JsonObject Compose = (JsonObject)YamlJsonReader.Read(File.ReadAllText(RepositoryAssets.Combine("docker-compose.yml")), "docker-compose.yml").Root!;
    private static readonly IReadOnlyDictionary<string, string> EnvExample = ReadEnvFile(RepositoryAssets.Combine(".env.example"));

    [Fact]
    public void EveryVariableTheComposeFileUsesIsInEnvExample()
    {
        var text = File.ReadAllText(RepositoryAssets.Combine("docker-compose.yml"));
        var used = Variable().Matches(text).Select(m => m.Groups["name"].Value).Distinct().ToList();
        Assert.NotEmpty(used);
        var missing = used.Where(v => !EnvExample.ContainsKey(v)).ToList();
        Assert.True(missing.Count == 0, $"docker-compose.yml uses {string.Join(", ", missing)}, not defined in .env.example");
    }

    [Fact]
    public void TheEnvFileIsIgnoredAndOnlyTheExampleIsCommitted()
    {
        var ignored = File.ReadAllLines(RepositoryAssets.Combine(".gitignore")).Select(l => l.Trim());
        Assert.Contains(".env", ignored);
        Assert.DoesNotContain(".env.example", ignored);
    }

    [Fact]
    public void ElasticsearchIsASecuredSingleNodeOfASupportedVersion()
    {
        var version = Version.Parse(EnvExample["STACK_VERSION"]);
        Assert.True(version >= new Version(8, 15), $"STACK_VERSION {version} is older than 8.15");
        var env = Environment("elasticsearch");
        Assert.Equal("single-node", env["discovery.type"]);
        Assert.Equal("true", env["xpack.security.enabled"]);
        Assert.StartsWith("${ES_PASSWORD:?", env["ELASTIC_PASSWORD"]); // compose refuses to start without a password
        Assert.StartsWith("docker.elastic.co/kibana/kibana:${STACK_VERSION", Service("kibana")["image"]!.GetValue<string>());
    }

    [Fact]
    public void EveryLongRunningServiceIsHealthCheckedAndKibanaWaitsForElasticsearch()
    {
        foreach (var name in new[] { "elasticsearch", "kibana", "mysql" })
            Assert.NotNull(Service(name)["healthcheck"]?["test"]);
        Assert.Equal("service_healthy", Service("kibana")["depends_on"]?["elasticsearch"]?["condition"]?.GetValue<string>());
        Assert.Equal("service_completed_successfully", Service("kibana")["depends_on"]?["kibana-setup"]?["condition"]?.GetValue<string>());
    }

    [Fact]
    public void PortsAreOnlyOpenOnLoopback()
    {
        var ports = Compose["services"]!.AsObject().SelectMany(s => s.Value!["ports"] as JsonArray ?? []).Select(p => p!.GetValue<string>()).ToList();
        Assert.NotEmpty(ports);
        Assert.All(ports, p => Assert.StartsWith("127.0.0.1:", p));
    }

    [Fact]
    public void MySqlInitScriptCreatesEverySourceTableAsItsDefinitionDeclares()
    {
        var mount = (Service("mysql")["volumes"] as JsonArray ?? []).Select(v => v!.GetValue<string>())
            .Single(v => v.Contains("/docker-entrypoint-initdb.d", StringComparison.Ordinal));
        var folder = RepositoryAssets.Combine(mount.Split(':')[0].TrimStart('.', '/'));
        var sql = Normalize(string.Join("\n", Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal).Select(File.ReadAllText)));
        var sources = SourceCatalog.Load(RepositoryAssets.Root);
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            Assert.False(string.IsNullOrWhiteSpace(source.Ddl), $"{source.File} declares no ddl");
            Assert.True(sql.Contains(Normalize(source.Ddl), StringComparison.Ordinal), $"{folder} does not create the table of {source.File} as its ddl declares");
        }
    }

    [Fact]
    public void TheControlPlaneSettingsInEnvExamplePointAtTheStack()
    {
        Assert.Equal(int.Parse(EnvExample["ES_PORT"]), new Uri(EnvExample["ES_URL"]).Port);
        Assert.Equal(int.Parse(EnvExample["KIBANA_PORT"]), new Uri(EnvExample["KIBANA_URL"]).Port);
        Assert.Equal("elastic", EnvExample["ES_USERNAME"]);
        var mysql = new MySqlConnectionStringBuilder(EnvExample["MYSQL_CONNECTION"]); // also checks the driver knows every option
        Assert.Equal(uint.Parse(EnvExample["MYSQL_PORT"]), mysql.Port);
        Assert.Equal(EnvExample["MYSQL_DATABASE"], mysql.Database);
        Assert.Equal(EnvExample["MYSQL_USER"], mysql.UserID);
        foreach (var setting in new[] { "CARD_HMAC_KEY", "API_KEY", "KIBANA_USERNAME", "KIBANA_PASSWORD" })
            Assert.True(EnvExample.ContainsKey(setting), $".env.example should show {setting}");
    }

    private static JsonObject Service(string name) =>
        Compose["services"]?[name] as JsonObject ?? throw new InvalidOperationException($"docker-compose.yml has no service '{name}'");

    private static Dictionary<string, string> Environment(string service) =>
        (Service(service)["environment"] as JsonArray ?? []).Select(e => e!.GetValue<string>().Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static string Normalize(string sql) => WhiteSpace().Replace(sql, " ").Replace("( ", "(").Replace(" )", ")").Trim().TrimEnd(';').Trim();

    /// <summary>NAME=value lines as docker compose and a shell read them: quotes removed, a trailing " # comment" dropped.</summary>
    private static Dictionary<string, string> ReadEnvFile(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var (name, value) = (line[..line.IndexOf('=')], line[(line.IndexOf('=') + 1)..]);
            value = value.StartsWith('"') ? value[1..value.IndexOf('"', 1)] : Regex.Replace(value, @"\s+#.*$", "").Trim();
            values[name] = value;
        }
        return values;
    }

    /// <summary><c>${NAME}</c>, <c>${NAME:-default}</c>, <c>${NAME:?error}</c>; not <c>$${NAME}</c>, which compose leaves to the container.</summary>
    [GeneratedRegex(@"(?<!\$)\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:[:?-][^}]*)?\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
