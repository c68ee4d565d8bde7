using System.CommandLine;
using ControlPlane.Cli;
using ControlPlane.Assets;
using ControlPlane.Streaming;

namespace ControlPlane.Bench;

/// <summary>
/// <c>stream-bench [--payments N] [--rate R] [--seed S]</c>: the streaming path end to end (produce → consume → check →
/// index → republish) on librdkafka's mock cluster and the bench's Elasticsearch stand-in, both in this process. Its last
/// line is <c>stream-bench: P payments/s end to end, p99 produce-to-indexed L ms, ...</c>.
/// </summary>
public sealed class StreamBenchCommand : ControlPlaneCommand
{
    private static readonly Option<int> Payments = new("--payments") { Description = "Payments to produce and measure", DefaultValueFactory = _ => 20_000 };
    private static readonly Option<double> Rate = new("--rate") { Description = "Payments per second produced (0: as fast as the mock brokers take them)", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the generated payments", DefaultValueFactory = _ => 42 };

    public StreamBenchCommand() : base("stream-bench", "Measure the streaming path end to end on the Kafka mock cluster and the Elasticsearch stand-in")
    {
        foreach (var option in new Option[] { Payments, Rate, Seed }) Options.Add(option);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var count = parseResult.GetValue(Payments);
        var rate = parseResult.GetValue(Rate);
        if (count is < 1 or > 1_000_000) throw new ArgumentException($"--payments must be 1–1000000, not {count}");
        if (rate < 0) throw new ArgumentException($"--rate must be 0 or more, not {rate}");
        var root = Assets(services);
        var output = parseResult.InvocationConfiguration.Output;
        await output.WriteLineAsync($"stream-bench: {count} payments at {(rate == 0 ? "full speed" : $"{rate:0} /s")} through the mock Kafka cluster into the Elasticsearch stand-in").ConfigureAwait(false);
        var r = await StreamBench.RunAsync(root.Path, count, rate, parseResult.GetValue(Seed), ct).ConfigureAwait(false);
        await output.WriteLineAsync(r.Stats.Summary()).ConfigureAwait(false);
        await output.WriteLineAsync($"stream-bench: produced {r.Produced.Sent} ({r.Produced.Suspicious} suspicious, {r.Produced.Alerts} alerts expected) in {r.Produced.Elapsed.TotalSeconds:0.00} s").ConfigureAwait(false);
        await output.WriteLineAsync(FormattableString.Invariant(
            $"stream-bench: {r.PaymentsPerSecond:0} payments/s end to end, p99 produce-to-indexed {r.P99Ms:0} ms, p50 {r.P50Ms:0} ms, max {r.MaxMs:0} ms")).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
