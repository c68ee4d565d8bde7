using ControlPlane.Assets;
using ControlPlane.Doctor;
using ControlPlane.Sources;
using ControlPlane.Tests.Cli;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Tests.Doctor;

/// <summary>
/// doctor against a setup that works (the repository applied to the fake Elasticsearch, the fake Kibana of the same
/// version, the sources' tables on MariaDB), then with one thing broken at a time: each check names what it found and
/// what to do.
/// </summary>
public sealed class DoctorTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;
    private FakeKibana _kibana = null!;
    private MySqlTestDatabase _db = null!;
    private readonly List<ServiceProvider> _providers = [];

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearch.StartAsync();
        _kibana = await FakeKibana.StartAsync();
        _db = await MySqlTestDatabase.CreateAsync("doctor");
        foreach (var source in SourceCatalog.Load(new AssetRoot(RepositoryRoot.Path))) await _db.ExecuteAsync(source.Ddl!);
        var apply = await CliRunner.RunAsync("apply", "--yes", "--root", RepositoryRoot.Path, "--es-url", _es.Url.ToString());
        Assert.True(apply.ExitCode == 0, apply.ToString());
    }

    public async Task DisposeAsync()
    {
        foreach (var p in _providers) await p.DisposeAsync();
        Assert.Empty(_es.SchemaViolations);
        await _es.DisposeAsync();
        await _kibana.DisposeAsync();
        await _db.DisposeAsync();
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["ES_URL"] = _es.Url.ToString(), ["KIBANA_URL"] = _kibana.Url.ToString(), ["MYSQL_CONNECTION"] = _db.ConnectionString,
        ["CARD_HMAC_KEY"] = "a-key-of-our-own", ["CONTROLPLANE_ROOT"] = RepositoryRoot.Path,
    };

    private async Task<IReadOnlyList<DoctorLine>> RunAsync(Action<Dictionary<string, string?>>? change = null)
    {
        var values = Settings();
        change?.Invoke(values);
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddControlPlane(config);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return await provider.GetRequiredService<DoctorService>().RunAsync(TextWriter.Null, default);
    }

    private static DoctorLine Line(IReadOnlyList<DoctorLine> lines, string check) => Assert.Single(lines, l => l.Check == check);

    [Fact]
    public async Task AWorkingSetupPassesEveryCheckInOrderAndUnsetKafkaBrokersAreAWarningForTheStreamSource()
    {
        var lines = await RunAsync();

        Assert.Equal(
        [
            "settings", "elasticsearch", "elasticsearch license",
            "elasticsearch privileges controlplane_apply", "elasticsearch privileges controlplane_loader", "elasticsearch privileges controlplane_api",
            "kibana", "mysql",
            "source platform_sales", "source platform_sales keyset index", "source shop_orders", "source shop_orders keyset index",
            "kafka", "transform platform_sales_per_price", "transform platform_sales_week_per_price",
        ], lines.Select(l => l.Check));
        Assert.All(lines.Where(l => l.Check != "kafka"), l => Assert.True(l.Outcome == DoctorOutcome.Ok, l.ToString()));
        Assert.Equal("WARN  kafka: stream source(s) payments defined but KAFKA_BOOTSTRAP_SERVERS is not set: stream and serve do not consume them → set KAFKA_BOOTSTRAP_SERVERS (the compose stack: localhost:9092), or remove the stream sources", Line(lines, "kafka").ToString());
        Assert.Equal("ok    elasticsearch privileges controlplane_loader: user elastic holds what load, backfill, reconcile, stream and serve's schedules need (controlplane_loader)",
            Line(lines, "elasticsearch privileges controlplane_loader").ToString());
        Assert.Equal("ok    kibana: Kibana " + FakeElasticsearch.DefaultVersion + " at " + _kibana.Url + " is available, matches Elasticsearch " + FakeElasticsearch.DefaultVersion, Line(lines, "kibana").ToString());
    }

    [Fact]
    public async Task PlaceholderSecretsAndMissingSettingsFailTheSettingsLine()
    {
        var lines = await RunAsync(s => { s["CARD_HMAC_KEY"] = "change-me"; s["ES_PASSWORD"] = "change-me"; s["MYSQL_CONNECTION"] = null; });

        var settings = Line(lines, "settings");
        Assert.Equal(DoctorOutcome.Fail, settings.Outcome);
        Assert.Equal("not set: MYSQL_CONNECTION; still the .env.example placeholder 'change-me': ES_PASSWORD, CARD_HMAC_KEY", settings.Finding);
        Assert.StartsWith("set them in .env", settings.Fix);
        Assert.Equal(DoctorOutcome.Skip, Line(lines, "mysql").Outcome);
    }

    [Fact]
    public async Task AnUnreachableClusterFailsAndTheChecksThatNeedItSkip()
    {
        var lines = await RunAsync(s => s["ES_URL"] = "http://127.0.0.1:1/");

        var es = Line(lines, "elasticsearch");
        Assert.Equal(DoctorOutcome.Fail, es.Outcome);
        Assert.Contains("Connection refused", es.Finding);
        Assert.Equal("start the cluster (docker compose up -d --wait) or fix ES_URL; for https check ES_CA_CERT", es.Fix);
        Assert.All(new[] { "elasticsearch license", "elasticsearch privileges", "transform platform_sales_per_price" },
            c => Assert.Equal((DoctorOutcome.Skip, "Elasticsearch check failed"), (Line(lines, c).Outcome, Line(lines, c).Finding)));
    }

    [Fact]
    public async Task AClusterOlderThanSupportedFailsWithTheVersionToUpgradeTo()
    {
        _es.Version = "8.11.0";
        var es = Line(await RunAsync(), "elasticsearch");

        Assert.Equal(DoctorOutcome.Fail, es.Outcome);
        Assert.Contains("Elasticsearch 8.11.0", es.Finding);
        Assert.StartsWith("upgrade Elasticsearch to 9.0 or later", es.Fix);
    }

    [Fact]
    public async Task AnExpiredLicenseFailsBecauseTransformsStop()
    {
        _es.License = ("trial", "expired");
        var license = Line(await RunAsync(), "elasticsearch license");

        Assert.Equal(DoctorOutcome.Fail, license.Outcome);
        Assert.Equal("trial license is expired (expired 2026-11-01): transforms do not run", license.Finding);
        Assert.Contains("_license/start_basic", license.Fix);
    }

    [Fact]
    public async Task EachRoleIsAskedForItsOwnPrivilegesAsTheRoleAssetGrantsThem()
    {
        await RunAsync();

        // _has_privileges takes {"cluster": [...], "index": [{"names", "privileges"}]}
        // (https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-security-has-privileges): one question per role.
        var asked = _es.Requests.Where(r => r.Path.EndsWith("_security/user/_has_privileges", StringComparison.Ordinal))
            .Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Body)!.AsObject()).ToList();
        var roles = ElasticAssetLoader.Load(new AssetRoot(RepositoryRoot.Path)).Assets.Of(AssetKinds.Role).ToDictionary(r => r.Name);
        Assert.Equal(3, asked.Count);
        var loader = roles["controlplane_loader"].Body;
        var loaderQuestion = Assert.Single(asked, a => a["index"]!.AsArray().Count == 2);
        Assert.Equal(loader["cluster"]!.ToJsonString(), loaderQuestion["cluster"]!.ToJsonString());
        Assert.Equal(
            loader["indices"]!.AsArray().Select(e => (e!["names"]!.ToJsonString(), e["privileges"]!.ToJsonString())),
            loaderQuestion["index"]!.AsArray().Select(e => (e!["names"]!.ToJsonString(), e["privileges"]!.ToJsonString())));
    }

    [Fact]
    public async Task CredentialsWithoutManageTransformFailTheApplyAndLoaderLinesNamingIt()
    {
        _es.MissingPrivileges.Add("cluster:manage_transform");
        _es.MissingPrivileges.Add("platform_fraud_sales:read");   // and the API's read of flagged sales: no role is fully held
        var lines = await RunAsync();

        var loader = Line(lines, "elasticsearch privileges controlplane_loader");
        Assert.Equal(DoctorOutcome.Fail, loader.Outcome);
        Assert.Equal("user elastic lacks cluster:manage_transform; read on platform_fraud_sales: load, backfill, reconcile, stream and serve's schedules fail without them (controlplane_loader)", loader.Finding);
        Assert.Equal("if these credentials are for load, backfill, reconcile, stream and serve's schedules, grant them to their role or use an API key minted with role controlplane_loader (README \"Least privilege\")", loader.Fix);
        var apply = Line(lines, "elasticsearch privileges controlplane_apply");
        Assert.Equal((DoctorOutcome.Fail, "user elastic lacks cluster:manage_transform: plan and apply fail without them (controlplane_apply)"), (apply.Outcome, apply.Finding));
        Assert.Equal(DoctorOutcome.Fail, Line(lines, "elasticsearch privileges controlplane_api").Outcome);
    }

    [Fact]
    public async Task CredentialsHoldingOneRoleOnlyWarnAboutTheOthersInsteadOfFailing()
    {
        // A loader's API key (least privilege) cannot apply: that is by design, not a broken setup.
        _es.MissingPrivileges.Add("cluster:manage_index_templates");
        var lines = await RunAsync();

        var apply = Line(lines, "elasticsearch privileges controlplane_apply");
        Assert.Equal((DoctorOutcome.Warn, "user elastic lacks cluster:manage_index_templates: plan and apply fail without them (controlplane_apply)"), (apply.Outcome, apply.Finding));
        Assert.Equal(DoctorOutcome.Ok, Line(lines, "elasticsearch privileges controlplane_loader").Outcome);
    }

    [Fact]
    public async Task MissingIndexPrivilegesAreNamedWithTheIndicesTheyAreMissingOn()
    {
        _es.MissingPrivileges.Add("platform_sales:maintenance");
        _es.MissingPrivileges.Add("platform_alerts:maintenance");
        _es.MissingPrivileges.Add("platform_loader_state:write");
        var lines = await RunAsync();

        var loader = Line(lines, "elasticsearch privileges controlplane_loader");
        Assert.Equal(DoctorOutcome.Warn, loader.Outcome); // the apply and API roles are held
        Assert.StartsWith("user elastic lacks maintenance on platform_sales, platform_alerts; write on platform_loader_state: load,", loader.Finding);
        Assert.Equal(DoctorOutcome.Ok, Line(lines, "elasticsearch privileges controlplane_apply").Outcome); // apply asks for platform_*, not these names
        Assert.Equal(DoctorOutcome.Ok, Line(lines, "elasticsearch privileges controlplane_api").Outcome);
    }

    [Fact]
    public async Task AKibanaOfAnotherVersionFailsAndAnUnreachableOneSaysWhatToStart()
    {
        _kibana.StatusInfo = ("8.19.10", "available");
        var mismatch = Line(await RunAsync(), "kibana");
        Assert.Equal((DoctorOutcome.Fail, "Kibana 8.19.10 does not match Elasticsearch " + FakeElasticsearch.DefaultVersion), (mismatch.Outcome, mismatch.Finding));

        var down = Line(await RunAsync(s => s["KIBANA_URL"] = "http://127.0.0.1:1/"), "kibana");
        Assert.Equal(DoctorOutcome.Fail, down.Outcome);
        Assert.Equal("start Kibana (docker compose up -d --wait) or fix KIBANA_URL", down.Fix);
    }

    [Fact]
    public async Task AMissingColumnAWrongTypeAndAMissingTableFailNamingThem()
    {
        await _db.ExecuteAsync("ALTER TABLE platform_sales DROP COLUMN deleted_at, MODIFY amount_sale DOUBLE NULL");
        await _db.ExecuteAsync("DROP TABLE orders");

        var lines = await RunAsync();

        var sales = Line(lines, "source platform_sales");
        Assert.Equal(DoctorOutcome.Fail, sales.Outcome);
        Assert.Equal("table platform_sales: column amount_sale (amount_sale) is DOUBLE, expected DECIMAL; column deleted_at (deleted_at) is missing", sales.Finding);
        var orders = Line(lines, "source shop_orders");
        Assert.Equal(DoctorOutcome.Fail, orders.Outcome);
        Assert.StartsWith("table orders does not exist in database ", orders.Finding);
        Assert.Equal("create it (the ddl in elastic-assets/sources/shop_orders.yml; generate creates it too) or fix 'table' in elastic-assets/sources/shop_orders.yml", orders.Fix);
    }

    [Fact]
    public async Task AMissingKeysetIndexIsAWarningWithTheCreateIndexToRun()
    {
        await _db.ExecuteAsync("ALTER TABLE platform_sales DROP INDEX ix_updated");

        var lines = await RunAsync();

        var index = Line(lines, "source platform_sales keyset index");
        Assert.Equal(DoctorOutcome.Warn, index.Outcome);
        Assert.Equal("CREATE INDEX ix_updated_at_id ON platform_sales (updated_at, id);", index.Fix);
        Assert.DoesNotContain(lines, l => l.Outcome == DoctorOutcome.Fail);
    }

    [Fact]
    public async Task TheStreamSourcesBrokersAnswerAndAMissingTopicFailsNamingIt()
    {
        // librdkafka's mock cluster (test.mock.num.brokers, src/rdkafka_mock.c): real brokers on loopback, no topics yet.
        using var kafka = ControlPlane.Bench.MockKafkaCluster.Start();

        var lines = await RunAsync(s => s["KAFKA_BOOTSTRAP_SERVERS"] = kafka.BootstrapServers);

        Assert.Contains(lines, l => l.Check.StartsWith("kafka broker ", StringComparison.Ordinal) && l.Outcome == DoctorOutcome.Ok);
        var topic = Line(lines, "kafka topic payments");
        Assert.Equal(DoctorOutcome.Fail, topic.Outcome);
        Assert.StartsWith("create the topic", topic.Fix);

        using (var producer = new Confluent.Kafka.ProducerBuilder<Confluent.Kafka.Null, string>(new Confluent.Kafka.ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
            await producer.ProduceAsync("payments", new Confluent.Kafka.Message<Confluent.Kafka.Null, string> { Value = "{}" }); // the mock creates a topic on first use

        Assert.Equal(DoctorOutcome.Ok, Line(await RunAsync(s => s["KAFKA_BOOTSTRAP_SERVERS"] = kafka.BootstrapServers), "kafka topic payments").Outcome);
    }

    [Fact]
    public async Task AnUnreachableMySqlFailsAndEachSourceSkips()
    {
        var lines = await RunAsync(s => s["MYSQL_CONNECTION"] = "Server=127.0.0.1;Port=1;User ID=x;Password=y;Database=z;Connection Timeout=2");

        Assert.Equal(DoctorOutcome.Fail, Line(lines, "mysql").Outcome);
        Assert.StartsWith("start MySQL", Line(lines, "mysql").Fix);
        Assert.Equal(DoctorOutcome.Skip, Line(lines, "source platform_sales").Outcome);
    }

    [Fact]
    public async Task AStoppedAndAFailedTransformFailWithHowToStartThem()
    {
        _es.Transforms["platform_sales_per_price-v2"].State = "stopped";
        var weekly = _es.Transforms["platform_sales_week_per_price-v2"];
        weekly.State = "failed";
        weekly.FailureReason = "task encountered irrecoverable failure";

        var lines = await RunAsync();

        var daily = Line(lines, "transform platform_sales_per_price");
        Assert.Equal((DoctorOutcome.Fail, "platform_sales_per_price-v2 is stopped, no checkpoint yet: the weekly AOV stops moving"), (daily.Outcome, daily.Finding));
        Assert.Equal("POST _transform/platform_sales_per_price-v2/_start (or apply --yes)", daily.Fix);
        var failed = Line(lines, "transform platform_sales_week_per_price");
        Assert.Equal(DoctorOutcome.Fail, failed.Outcome);
        Assert.Contains("is failed, health red: task encountered irrecoverable failure", failed.Finding);
    }

    [Fact]
    public async Task TheCommandExitsOneWithASummaryWhenACheckFails()
    {
        var result = await CliRunner.RunAsync("doctor", "--root", RepositoryRoot.Path, "--es-url", "http://127.0.0.1:1/", "--mysql", "Server=127.0.0.1;Port=1;User ID=x;Password=y;Database=z;Connection Timeout=2");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL  elasticsearch: ", result.Out);
        Assert.Contains("doctor: ", result.Err);
        Assert.Matches(@"doctor: \d+ check\(s\) failed(, \d+ warning\(s\))?: fix the FAIL lines above, then run doctor again", result.Err);
    }
}
