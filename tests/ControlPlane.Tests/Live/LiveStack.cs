using System.Net.Http.Headers;
using System.Text;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;
using Testcontainers.MySql;

namespace ControlPlane.Tests.Live;

/// <summary>
/// Where the live tests run. With ES_URL (and KIBANA_URL) set: that cluster, as configured. Without it but with a reachable
/// Docker engine: Elasticsearch 9 (security on), Kibana and, when MYSQL_TEST_CONNECTION is not set, MySQL, started once per
/// test run with Testcontainers; their addresses and credentials are put into the process environment, so the tests (and
/// the commands they run) read them exactly as they read a real cluster's. With neither: the tests are skipped with the reason.
/// There is no Testcontainers.Elasticsearch module: the containers are built with the generic ContainerBuilder, with the
/// settings of docker-compose.yml.
/// </summary>
public static class LiveStack
{
    /// <summary>The version started, the one docker-compose.yml and the fake run.</summary>
    public const string StackVersion = Fakes.FakeElasticsearch.DefaultVersion;

    private static readonly string Password = "live-" + Guid.NewGuid().ToString("N")[..16];
    private static readonly Lazy<Task> Started = new(StartAsync);

    /// <summary>True when no ES_URL is given and the containers will be started.</summary>
    public static bool UsesContainers { get; } = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ES_URL")) && DockerEngine.IsReachable(out _);

    /// <summary>Why an Elasticsearch live test is skipped, or null when it runs.</summary>
    public static string? ElasticsearchSkipReason { get; } =
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ES_URL")) || UsesContainers ? null
        : $"ES_URL not set and no Docker engine to start Elasticsearch {StackVersion} ({DockerEngine.Problem}): live Elasticsearch test skipped";

    /// <summary>Why a Kibana live test is skipped, or null when it runs.</summary>
    public static string? KibanaSkipReason { get; } =
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("KIBANA_URL")) || UsesContainers ? null
        : !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ES_URL")) ? "KIBANA_URL not set (ES_URL is, so no containers are started): live Kibana test skipped"
        : $"KIBANA_URL not set and no Docker engine to start Kibana {StackVersion} ({DockerEngine.Problem}): live Kibana test skipped";

    /// <summary>Starts the containers on first use (when <see cref="UsesContainers"/>); every live test awaits this first.</summary>
    public static Task EnsureAsync() => UsesContainers ? Started.Value : Task.CompletedTask;

    private static async Task StartAsync()
    {
        var network = new NetworkBuilder().Build();
        await network.CreateAsync();
        var es = Elasticsearch(network);
        var mysql = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("MYSQL_TEST_CONNECTION"))
            ? new MySqlBuilder("mysql:8.4").WithUsername("root").WithPassword(Password).Build() : null;
        await Task.WhenAll(es.StartAsync(), mysql?.StartAsync() ?? Task.CompletedTask);
        var esUrl = $"http://{es.Hostname}:{es.GetMappedPublicPort(9200)}/";
        await SetKibanaSystemPasswordAsync(esUrl);
        var kibana = Kibana(network);
        await kibana.StartAsync();

        Environment.SetEnvironmentVariable("ES_URL", esUrl);
        Environment.SetEnvironmentVariable("ES_USERNAME", "elastic");
        Environment.SetEnvironmentVariable("ES_PASSWORD", Password);
        Environment.SetEnvironmentVariable("KIBANA_URL", $"http://{kibana.Hostname}:{kibana.GetMappedPublicPort(5601)}/");
        Environment.SetEnvironmentVariable("KIBANA_USERNAME", "elastic");
        Environment.SetEnvironmentVariable("KIBANA_PASSWORD", Password);
        if (mysql is not null) Environment.SetEnvironmentVariable("MYSQL_TEST_CONNECTION", mysql.GetConnectionString());
        // The containers are removed by Testcontainers' resource reaper when the test run ends.
    }

    /// <summary>As docker-compose.yml: single node, security on (the elastic user's password), plain HTTP, basic license.</summary>
    private static IContainer Elasticsearch(INetwork network) =>
        new ContainerBuilder($"docker.elastic.co/elasticsearch/elasticsearch:{StackVersion}")
            .WithNetwork(network)
            .WithNetworkAliases("elasticsearch")
            .WithEnvironment("discovery.type", "single-node")
            .WithEnvironment("ELASTIC_PASSWORD", Password)
            .WithEnvironment("xpack.security.enabled", "true")
            .WithEnvironment("xpack.security.http.ssl.enabled", "false")
            .WithEnvironment("xpack.security.transport.ssl.enabled", "false")
            .WithEnvironment("xpack.license.self_generated.type", "basic")
            .WithEnvironment("ES_JAVA_OPTS", "-Xms1g -Xmx1g")
            .WithPortBinding(9200, true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r
                .ForPort(9200).ForPath("/_cluster/health?wait_for_status=yellow&timeout=5s").WithBasicAuthentication("elastic", Password)))
            .Build();

    private static IContainer Kibana(INetwork network) =>
        new ContainerBuilder($"docker.elastic.co/kibana/kibana:{StackVersion}")
            .WithNetwork(network)
            .WithEnvironment("ELASTICSEARCH_HOSTS", "http://elasticsearch:9200")
            .WithEnvironment("ELASTICSEARCH_USERNAME", "kibana_system")
            .WithEnvironment("ELASTICSEARCH_PASSWORD", Password)
            .WithEnvironment("TELEMETRY_OPTIN", "false")
            .WithPortBinding(5601, true)
            // /api/status answers 200 once Kibana is available (503 while it starts).
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r
                .ForPort(5601).ForPath("/api/status").WithBasicAuthentication("elastic", Password)))
            .Build();

    /// <summary>Kibana logs in as kibana_system, whose password the elastic user sets (as compose's kibana-setup does).</summary>
    private static async Task SetKibanaSystemPasswordAsync(string esUrl)
    {
        using var http = new HttpClient { BaseAddress = new Uri(esUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"elastic:{Password}")));
        using var body = new StringContent($$"""{"password":"{{Password}}"}""", Encoding.UTF8, "application/json");
        (await http.PostAsync("_security/user/kibana_system/_password", body)).EnsureSuccessStatusCode();
    }
}

/// <summary>Whether Testcontainers finds a Docker engine (DOCKER_HOST, the local socket, ~/.testcontainers.properties).</summary>
internal static class DockerEngine
{
    public static string Problem { get; private set; } = "";

    public static bool IsReachable(out string problem)
    {
        try
        {
            var found = TestcontainersSettings.OS.DockerEndpointAuthConfig is not null;
            problem = Problem = found ? "" : "Testcontainers found no Docker endpoint";
            return found;
        }
        catch (Exception ex)
        {
            problem = Problem = ex.GetBaseException().Message.Split('\n')[0];
            return false;
        }
    }
}
