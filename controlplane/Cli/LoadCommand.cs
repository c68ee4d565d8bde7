using System.CommandLine;
using ControlPlane.Loading;

namespace ControlPlane.Cli;

/// <summary>
/// <c>load [--once] [--source NAME]</c>: with <c>--once</c>, one delta run per source, then a summary line each; without it,
/// the sources' cron schedules in the foreground until Ctrl+C. Exit 1 when a run failed; a source that cannot be read
/// (its definition, its table, its state) fails alone and the others still load. Before anything, the Elasticsearch assets
/// must be there and not drifted in a way that matters (<see cref="ControlPlane.Planning.AssetReadiness"/>).
/// </summary>
public sealed class LoadCommand : ControlPlaneCommand
{
    private static readonly Option<bool> Once = new("--once") { Description = "Run each source once now, then exit (default: follow the cron schedules until Ctrl+C)" };
    private static readonly Option<string?> Source = new("--source") { Description = "Only this source (a name under elastic-assets/sources/)" };

    public LoadCommand() : base("load", "Load changed sales from MySQL into Elasticsearch, fraud-checked")
    {
        Options.Add(Once);
        Options.Add(Source);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var loads = Get<LoadService>(services);
        loads.RequireConfiguration();
        await Get<ControlPlane.Planning.AssetReadiness>(services).RequireAsync(Get<ControlPlane.Assets.AssetRoot>(services), Name, ct).ConfigureAwait(false);
        if (parseResult.GetValue(Once))
        {
            var output = parseResult.InvocationConfiguration.Output;
            var results = await loads.RunEachAsync(parseResult.GetValue(Source), null, LoadConsole.ProgressPrinter(output), ct).ConfigureAwait(false);
            return LoadConsole.PrintSummaries(results, output, parseResult.InvocationConfiguration.Error) ? ExitCodes.Success : ExitCodes.Error;
        }
        var sources = loads.Sources(parseResult.GetValue(Source));

        await Console.Out.WriteLineAsync($"load: following the schedules of {string.Join(", ", sources.Select(s => $"{s.Name} ({s.Schedule}, {s.TimeZone})"))}; Ctrl+C stops").ConfigureAwait(false);
        var failed = false;
        try
        {
            await Get<LoaderScheduler>(services).RunAsync(sources, result =>
            {
                failed |= result.Status == LoadStatus.Failed;
                Console.Out.WriteLine(result.Summary());
            }, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C is how this mode ends.
        }
        return failed ? ExitCodes.Error : ExitCodes.Success;
    }
}
