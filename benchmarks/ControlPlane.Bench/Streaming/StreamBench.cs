using System.Diagnostics;
using ControlPlane.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Bench;

/// <summary>What <c>stream-bench</c> measured.</summary>
public sealed record StreamBenchResult(int Payments, double PaymentsPerSecond, double P50Ms, double P99Ms, double MaxMs, StreamStats Stats, ProduceSummary Produced);

/// <summary>
/// The streaming path end to end on this machine: librdkafka's mock cluster (<see cref="MockKafkaCluster"/>) and the
/// bench's Elasticsearch stand-in (<see cref="SinkServer"/>, in process), wired as the host wires them (AddControlPlane with
/// their addresses). A warm-up payment is consumed first (the group join's delay is not measured); then N payments of
/// the seed's stream are produced at the chosen rate while the repository's stream source consumes, checks, indexes and
/// republishes them. Throughput: N / (last payment indexed − first produced); latency: each payment's produce timestamp
/// to the moment Elasticsearch acknowledged its batch.
/// </summary>
public static class StreamBench
{
    public static async Task<StreamBenchResult> RunAsync(string root, int count, double rate, int seed, CancellationToken ct)
    {
        using var cluster = MockKafkaCluster.Start();
        await using var sink = await SinkServer.StartAsync(0, ct).ConfigureAwait(false);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CONTROLPLANE_ROOT"] = root,
            ["ES_URL"] = sink.Url.ToString(),
            ["KAFKA_BOOTSTRAP_SERVERS"] = cluster.BootstrapServers,
            ["Streaming:SessionTimeoutMs"] = "10000",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("ControlPlane.Streaming", LogLevel.Error));
        services.AddControlPlane(config);
        await using var provider = services.BuildServiceProvider();
        var streams = provider.GetRequiredService<StreamService>();
        var producer = provider.GetRequiredService<PaymentProducer>();
        var source = streams.Sources().FirstOrDefault() ?? throw new InvalidOperationException($"no stream source under {root}/elastic-assets/sources/");

        var latencies = new List<double>(count);
        var warmedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DateTimeOffset? measuredFrom = null, lastIndexed = null;
        var gate = new Lock();
        void OnBatch(StreamBatchReport report)
        {
            lock (gate)
            {
                if (measuredFrom is null) { warmedUp.TrySetResult(); return; }
                foreach (var produced in report.ProducedAt) latencies.Add((report.IndexedAt - produced).TotalMilliseconds);
                lastIndexed = report.IndexedAt;
            }
        }

        var start = DateTimeOffset.UtcNow;
        // The warm-up payment also creates the topic before the consumer subscribes.
        await producer.ProduceAsync(source.Topic, PaymentStreamGenerator.Generate(1, seed + 1, start), 0, ct).ConfigureAwait(false);
        var run = streams.RunAsync([source], untilIdle: TimeSpan.FromSeconds(3), OnBatch, ct, clientId: "stream-bench");
        await warmedUp.Task.WaitAsync(TimeSpan.FromSeconds(20), ct).ConfigureAwait(false);
        lock (gate) measuredFrom = DateTimeOffset.UtcNow;
        var produced = await producer.ProduceAsync(source.Topic, PaymentStreamGenerator.Generate(count, seed, start, planted: Math.Min(count, 10)), rate, ct).ConfigureAwait(false);
        var stats = (await run.ConfigureAwait(false))[0];

        lock (gate)
        {
            if (latencies.Count < count) throw new InvalidOperationException($"stream-bench: only {latencies.Count} of {count} payments were indexed");
            latencies.Sort();
            var seconds = (lastIndexed!.Value - measuredFrom!.Value).TotalSeconds;
            return new StreamBenchResult(count, count / seconds, Percentile(0.50), Percentile(0.99), latencies[^1], stats, produced);
        }
        double Percentile(double p) => latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Count) - 1, 0, latencies.Count - 1)];
    }
}
