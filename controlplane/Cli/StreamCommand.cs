using System.CommandLine;
using ControlPlane.Streaming;

namespace ControlPlane.Cli;

/// <summary>
/// <c>stream [--source NAME] [--until-idle SECONDS]</c>: consumes the stream sources (Kafka topics) into Elasticsearch,
/// fraud-checked, until Ctrl+C; with <c>--until-idle</c> it stops after that many seconds without a new message, every
/// offset committed, prints one summary line per source and exits 0.
/// </summary>
public sealed class StreamCommand : ControlPlaneCommand
{
    private static readonly Option<string?> Source = new("--source") { Description = "Only this stream source (a kind: stream_source under elastic-assets/sources/)" };
    private static readonly Option<double?> UntilIdle = new("--until-idle") { Description = "Stop after this many seconds without a new message (default: run until Ctrl+C)" };

    public StreamCommand() : base("stream", "Consume the stream sources (Kafka topics) into Elasticsearch, fraud-checked, with alerts")
    {
        Options.Add(Source);
        Options.Add(UntilIdle);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var streams = Get<StreamService>(services);
        streams.RequireConfiguration();
        Assets(services);
        var sources = streams.Sources(parseResult.GetValue(Source));
        if (sources.Count == 0) throw new ArgumentException("no stream sources (kind: stream_source) under elastic-assets/sources/");
        TimeSpan? idle = parseResult.GetValue(UntilIdle) is { } seconds
            ? seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new ArgumentException($"--until-idle must be a positive number of seconds, not {seconds}")
            : null;
        var output = parseResult.InvocationConfiguration.Output;
        await output.WriteLineAsync($"stream: consuming {string.Join(", ", sources.Select(s => $"{s.Name} (topic {s.Topic}, group {s.Group})"))}"
            + (idle is null ? "; Ctrl+C stops" : $" until {idle.Value.TotalSeconds:0.#} s without a message")).ConfigureAwait(false);
        IReadOnlyList<StreamStats> stats;
        try
        {
            stats = await streams.RunAsync(sources, idle, onBatch: null, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Success; // Ctrl+C is how the endless mode ends; every finished batch was committed
        }
        foreach (var s in stats) await output.WriteLineAsync(s.Summary()).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
