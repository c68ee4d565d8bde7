using System.CommandLine;
using ControlPlane.Loading;

namespace ControlPlane.Cli;

/// <summary>
/// <c>backfill --from DATE --to DATE [--source NAME]</c>: re-reads the rows sold in the range (local time of each source,
/// both ends inclusive; a date means the whole day), idempotently, without moving the watermark.
/// </summary>
public sealed class BackfillCommand : ControlPlaneCommand
{
    private static readonly Option<string> From = new("--from") { Description = "First sale date or date-time, e.g. 2026-11-01 (local time of the source)", Required = true };
    private static readonly Option<string> To = new("--to") { Description = "Last sale date or date-time, inclusive, e.g. 2026-11-30", Required = true };
    private static readonly Option<string?> Source = new("--source") { Description = "Only this source (a name under elastic-assets/sources/)" };

    public BackfillCommand() : base("backfill", "Re-read a range of sales from MySQL, idempotently")
    {
        Options.Add(From);
        Options.Add(To);
        Options.Add(Source);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var from = BackfillRange.Parse("--from", parseResult.GetValue(From)!, endOfDay: false);
        var to = BackfillRange.Parse("--to", parseResult.GetValue(To)!, endOfDay: true);
        if (from > to) throw new ArgumentException($"--from {parseResult.GetValue(From)} is after --to {parseResult.GetValue(To)}");
        var loads = Get<LoadService>(services);
        loads.RequireConfiguration();
        var output = parseResult.InvocationConfiguration.Output;
        var results = await loads.RunEachAsync(parseResult.GetValue(Source), (from, to), LoadConsole.ProgressPrinter(output), ct).ConfigureAwait(false);
        return LoadConsole.PrintSummaries(results, output, parseResult.InvocationConfiguration.Error) ? ExitCodes.Success : ExitCodes.Error;
    }
}
