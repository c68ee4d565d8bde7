using Confluent.Kafka;

namespace ControlPlane.Bench;

/// <summary>
/// librdkafka's built-in mock cluster (the hidden client property <c>test.mock.num.brokers</c>, src/rdkafka_mock.c): real
/// brokers speaking the Kafka protocol on loopback, with topics (auto-created with 4 partitions), consumer groups and
/// committed offsets. It lives as long as the client handle that created it (an admin client here); its brokers'
/// addresses, read back through a metadata request, are the bootstrap servers every other client uses.
/// For <c>stream-bench</c> and the tests (so it lives in the bench project, not the shipped binary); never for production data.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly IAdminClient _owner;

    private MockKafkaCluster(IAdminClient owner, string bootstrapServers)
    {
        _owner = owner;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    public static MockKafkaCluster Start(int brokers = 1)
    {
        var config = new AdminClientConfig();
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var admin = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build();
        try
        {
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            var servers = string.Join(",", metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
            if (servers.Length == 0) throw new InvalidOperationException("the mock Kafka cluster listed no brokers");
            return new MockKafkaCluster(admin, servers);
        }
        catch
        {
            admin.Dispose();
            throw;
        }
    }

    public void Dispose() => _owner.Dispose();
}
