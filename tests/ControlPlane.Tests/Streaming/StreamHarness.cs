using ControlPlane.Bench;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using ControlPlane.Elastic;
using ControlPlane.Http;
using ControlPlane.Streaming;
using ControlPlane.Tests.Content;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.Loading;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Tests.Streaming;

/// <summary>
/// The streaming loader against librdkafka's mock cluster (a real client on the Kafka protocol over loopback, topics
/// auto-created with 4 partitions) and the fake Elasticsearch, whose indices carry the repository's strict mappings behind
/// their aliases as apply creates them; alerts go to a local Kestrel webhook. The repository's stream source and rules.
/// </summary>
public sealed class StreamHarness : IAsyncDisposable
{
    public const string Topic = "payments";
    private readonly List<ServiceProvider> _providers = [];

    private readonly MockKafkaCluster? _mock;

    private StreamHarness(MockKafkaCluster? mock, string bootstrapServers, FakeElasticsearch es, WebhookReceiver webhook)
    {
        _mock = mock;
        BootstrapServers = bootstrapServers;
        Es = es;
        Webhook = webhook;
    }

    /// <summary>The brokers: the mock cluster's, or a real broker's (live test).</summary>
    public string BootstrapServers { get; }
    public FakeElasticsearch Es { get; }
    public WebhookReceiver Webhook { get; }
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Against a fresh mock cluster, or the real brokers of <paramref name="bootstrapServers"/>.</summary>
    public static async Task<StreamHarness> StartAsync(string? bootstrapServers = null)
    {
        var es = await FakeElasticsearch.StartAsync();
        foreach (var name in new[] { IndexNames.Sales, IndexNames.FraudSales, IndexNames.DeadLetter, IndexNames.Alerts })
            es.CreateIndex($"{name}-v1", new JsonObject
            {
                ["mappings"] = RepositoryAssets.Index(name).EffectiveMappings.DeepClone(),
                ["aliases"] = new JsonObject { [name] = new JsonObject { ["is_write_index"] = true } },
            });
        var mock = bootstrapServers is null ? MockKafkaCluster.Start() : null;
        return new StreamHarness(mock, bootstrapServers ?? mock!.BootstrapServers, es, await WebhookReceiver.StartAsync());
    }

    /// <summary>The host's services pointed at this harness; <paramref name="afterSend"/> sees each Elasticsearch answer.</summary>
    public StreamService Streams(Func<HttpRequestMessage, HttpResponseMessage, Task>? afterSend = null, int maxMessages = 500)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ES_URL"] = Es.Url.ToString(),
            ["ES_RETRY_BASE_DELAY_MS"] = "1",
            ["CONTROLPLANE_ROOT"] = RepositoryRoot.Path,
            ["KAFKA_BOOTSTRAP_SERVERS"] = BootstrapServers,
            ["ALERT_WEBHOOK_URL"] = Webhook.Url.ToString(),
            ["Streaming:SessionTimeoutMs"] = "6000",
            ["Streaming:HeartbeatIntervalMs"] = "300",
            ["Streaming:RetryBaseDelay"] = "00:00:00.010",
            ["Streaming:WebhookRetryDelay"] = "00:00:00.010",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Information));
        services.AddControlPlane(config);
        if (afterSend is not null)
        {
            var invoker = new global::Elastic.Transport.HttpRequestInvoker((inner, _) => new AfterSendHandler(afterSend, inner));
            services.AddSingleton(TestClients.Elasticsearch(TestClients.Options(Es.Url), invoker));
        }
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        var streams = provider.GetRequiredService<StreamService>();
        Source = streams.Sources("payments")[0];
        Source.Batch.MaxMessages = maxMessages;
        return streams;
    }

    /// <summary>The repository's payments source as the last <see cref="Streams"/> read it (tests may tune its batch).</summary>
    public StreamSourceDefinition Source { get; private set; } = null!;

    /// <summary>Publishes values (to one partition when given); returns where each landed.</summary>
    public async Task<List<StreamPosition>> ProduceAsync(IEnumerable<string> values, int? partition = null, string topic = Topic)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = BootstrapServers }).Build();
        var sends = new List<Task<DeliveryResult<Null, string>>>();
        foreach (var value in values)
        {
            var message = new Message<Null, string> { Value = value };
            sends.Add(partition is { } p ? producer.ProduceAsync(new TopicPartition(topic, new Partition(p)), message) : producer.ProduceAsync(topic, message));
        }
        var positions = (await Task.WhenAll(sends)).Select(r => new StreamPosition(r.Topic, r.Partition.Value, r.Offset.Value)).ToList();
        return positions;
    }

    /// <summary>Every message of a topic, from the start of each partition to its end.</summary>
    public List<string> ReadTopic(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId).ToList();
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers, GroupId = "test-reader-" + Guid.NewGuid(), EnablePartitionEof = true, EnableAutoCommit = false,
        }).Build();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var values = new List<string>();
        var ended = new HashSet<int>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ended.Count < partitions.Count && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromSeconds(1));
            if (r is null) continue;
            if (r.IsPartitionEOF) ended.Add(r.Partition.Value); else values.Add(r.Message.Value);
        }
        Assert.True(ended.Count == partitions.Count, $"could not read {topic} to its end");
        return values;
    }

    /// <summary>The group's committed offset of a partition (what a restarted consumer resumes from).</summary>
    public long Committed(string group, int partition)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = group }).Build();
        return consumer.Committed([new TopicPartition(Topic, partition)], TimeSpan.FromSeconds(10)).Single().Offset.Value;
    }

    public IReadOnlyList<FakeDocument> Documents(string alias) => Es.DocumentsOf(alias);

    public async ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("STREAM_TEST_LOG") is { } log) await File.AppendAllLinesAsync(log, Logs.Lines);
        foreach (var p in _providers) await p.DisposeAsync();
        _mock?.Dispose();
        await Es.DisposeAsync();
        await Webhook.DisposeAsync();
    }
}
