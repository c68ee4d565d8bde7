using System.CommandLine;
using ControlPlane.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ControlPlane.Bench;

namespace ControlPlane.Bench;

/// <summary>
/// <c>controlplane-bench [--rows N] [--page-rows P] [--concurrency C] [--seed S] [--reuse] [--seed-rows N] [--database NAME]</c>: generates (or reuses)
/// N rows in a database of its own, measures the raw keyset read of the table and the loader end to end into a local
/// Elasticsearch stand-in, and prints rows/s of both, their ratio, the fraud check's cost and the peak RSS. The last
/// line is <c>bench: loader R rows/s, raw read W rows/s, ratio X, peak RSS M MB, loader CPU C us/row, seed design S rows/s</c>.
/// </summary>
public sealed class BenchCommand : ControlPlaneCommand
{
    private static readonly BenchOptions Defaults = new();

    private static readonly Option<long> Rows = new("--rows") { Description = "Rows to generate (or reuse) and load", DefaultValueFactory = _ => Defaults.Rows };
    private static readonly Option<int?> PageRows = new("--page-rows") { Description = "Rows per keyset page, for the raw read and the loader (default: the source's change_capture.page_rows)" };
    private static readonly Option<int?> Concurrency = new("--concurrency") { Description = "Bulk senders of the loader, 1–16 (default: Loader:BulkConcurrency, 2)" };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the generated rows", DefaultValueFactory = _ => Defaults.Seed };
    private static readonly Option<bool> Reuse = new("--reuse") { Description = "Use the rows already in the bench database when it holds at least --rows (all of them are loaded)" };
    private static readonly Option<long> SeedRows = new("--seed-rows") { Description = "Rows the seed design's peer loads row by row (a sample of the first rows; default 20000)", DefaultValueFactory = _ => Defaults.SeedRows };
    private static readonly Option<string> Database = new("--database") { Description = "The bench's own database, created on the server of MYSQL_CONNECTION/--mysql", DefaultValueFactory = _ => Defaults.Database };

    public BenchCommand() : base("bench", "Measure the loader: raw keyset read vs. the load end to end into a local Elasticsearch stand-in, and peak memory")
    {
        foreach (var option in new Option[] { Rows, PageRows, Concurrency, Seed, Reuse, SeedRows, Database }) Options.Add(option);
        Subcommands.Add(new SinkCommand());
    }

    /// <summary>The control plane's host (settings, the generator, the loader) plus the bench runner.</summary>
    protected override IHost BuildHost(ParseResult parseResult)
    {
        var builder = ControlPlaneHost.CreateBuilder(parseResult);
        builder.Services.AddSingleton<BenchRunner>();
        builder.Services.AddSingleton<SeedDesignPeer>();
        return builder.Build();
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var options = new BenchOptions
        {
            Rows = parseResult.GetValue(Rows),
            PageRows = parseResult.GetValue(PageRows),
            Concurrency = parseResult.GetValue(Concurrency),
            Seed = parseResult.GetValue(Seed),
            Reuse = parseResult.GetValue(Reuse),
            SeedRows = parseResult.GetValue(SeedRows),
            Database = parseResult.GetValue(Database)!,
        };
        options.Validate();
        await Get<BenchRunner>(services).RunAsync(options, parseResult.InvocationConfiguration.Output, ct).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>controlplane-bench sink [--port P]</c> (hidden): the Elasticsearch stand-in the bench starts as its child process. Prints
    /// <c>bench sink: listening on URL</c> and serves until its stdin closes (or Ctrl+C).
    /// </summary>
    public sealed class SinkCommand : ControlPlaneCommand
    {
        private static readonly Option<int> Port = new("--port") { Description = "Port on 127.0.0.1; 0 picks a free one", DefaultValueFactory = _ => 0 };

        public SinkCommand() : base("sink", "The bench's local Elasticsearch stand-in (started by bench itself)")
        {
            Hidden = true;
            Options.Add(Port);
        }

        protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
        {
            var port = parseResult.GetValue(Port);
            if (port is < 0 or > 65535) throw new ArgumentException($"--port must be between 0 and 65535, not {port}");
            await using var sink = await SinkServer.StartAsync(port, ct).ConfigureAwait(false);
            var output = parseResult.InvocationConfiguration.Output;
            await output.WriteLineAsync(SinkProcess.ReadyPrefix + sink.Url).ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
            try
            {
                await UntilStdinClosesAsync().WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM: stopping is how a sink ends.
            }
            return ExitCodes.Success;
        }

        /// <summary>The parent holds our stdin: when it closes it (or dies) the read ends and so does the sink.</summary>
        private static Task UntilStdinClosesAsync() => Task.Run(async () =>
        {
            await using var stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (await stdin.ReadAsync(buffer).ConfigureAwait(false) > 0) { }
        });
    }
}
