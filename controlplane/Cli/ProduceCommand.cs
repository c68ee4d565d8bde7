using System.CommandLine;
using ControlPlane.Streaming;

namespace ControlPlane.Cli;

/// <summary>
/// <c>produce [--count N] [--rate R] [--seed S] [--topic T] [--bitcoin-share F] [--planted K]</c>: publishes the seed's
/// payment stream to Kafka for demos and benchmarks, with K planted BITCOIN→STRANGER payments; prints how many are
/// suspicious and how many must raise an alert, and where the planted ones landed.
/// </summary>
public sealed class ProduceCommand : ControlPlaneCommand
{
    private static readonly Option<int> Count = new("--count") { Description = "Payments to publish", DefaultValueFactory = _ => 1000 };
    private static readonly Option<double> Rate = new("--rate") { Description = "Payments per second (0: as fast as the brokers take them)", DefaultValueFactory = _ => 100 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the generated payments", DefaultValueFactory = _ => 42 };
    private static readonly Option<string> Topic = new("--topic") { Description = "Topic to publish to", DefaultValueFactory = _ => "payments" };
    private static readonly Option<double> BitcoinShare = new("--bitcoin-share") { Description = "Share of BITCOIN payments among the others (0–1)", DefaultValueFactory = _ => 0.05 };
    private static readonly Option<int> Planted = new("--planted") { Description = "Extra BITCOIN payments to a STRANGER (each raises an alert)", DefaultValueFactory = _ => 10 };

    public ProduceCommand() : base("produce", "Publish the seed's payment stream to Kafka at a chosen rate, with planted BITCOIN-to-STRANGER payments")
    {
        foreach (var option in new Option[] { Count, Rate, Seed, Topic, BitcoinShare, Planted }) Options.Add(option);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var (count, rate, share, planted, topic) = (parseResult.GetValue(Count), parseResult.GetValue(Rate), parseResult.GetValue(BitcoinShare), parseResult.GetValue(Planted), parseResult.GetValue(Topic)!);
        if (count < 1) throw new ArgumentException($"--count must be at least 1, not {count}");
        if (rate < 0) throw new ArgumentException($"--rate must be 0 or more payments per second, not {rate}");
        if (share is < 0 or > 1) throw new ArgumentException($"--bitcoin-share must be between 0 and 1, not {share}");
        if (planted < 0 || planted > count) throw new ArgumentException($"--planted must be between 0 and --count ({count}), not {planted}");
        if (!KafkaNames.IsValidTopic(topic)) throw new ArgumentException($"--topic '{topic}' is not a Kafka topic name");

        var time = Get<TimeProvider>(services);
        var payments = PaymentStreamGenerator.Generate(count, parseResult.GetValue(Seed), time.GetUtcNow(), share, planted);
        var summary = await Get<PaymentProducer>(services).ProduceAsync(topic, payments, rate, ct).ConfigureAwait(false);
        var output = parseResult.InvocationConfiguration.Output;
        await output.WriteLineAsync($"produce: {summary.Sent} payments to {summary.Topic} in {summary.Elapsed.TotalSeconds:0.0} s " +
            $"({summary.Sent / Math.Max(summary.Elapsed.TotalSeconds, 0.001):0} /s): {summary.Suspicious} suspicious (BITCOIN), {summary.Alerts} alerts expected (BITCOIN to STRANGER), {planted} of them planted").ConfigureAwait(false);
        if (summary.PlantedPositions.Count > 0)
            await output.WriteLineAsync($"produce: planted at {string.Join(", ", summary.PlantedPositions)}").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
