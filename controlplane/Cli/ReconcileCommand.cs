using System.CommandLine;
using System.Globalization;
using ControlPlane.Loading;
using ControlPlane.Reconciliation;

namespace ControlPlane.Cli;

/// <summary>
/// <c>reconcile [--source NAME] [--from DATE --to DATE] [--repair]</c>: one line per store-day on which MySQL and
/// Elasticsearch differ, with both sides' figures; exit 2 when any differ, 0 when none. <c>--repair</c> backfills exactly
/// the differing days, compares again and exits by that.
/// </summary>
public sealed class ReconcileCommand : ControlPlaneCommand
{
    private static readonly Option<string?> Source = new("--source") { Description = "Only this source (a name under elastic-assets/sources/)" };
    private static readonly Option<string?> From = new("--from") { Description = "First local sale day, e.g. 2026-11-01 (default: every day)" };
    private static readonly Option<string?> To = new("--to") { Description = "Last local sale day, inclusive (with --from)" };
    private static readonly Option<bool> Repair = new("--repair") { Description = "Backfill the differing days, then compare again" };

    public ReconcileCommand() : base("reconcile", "Compare MySQL with Elasticsearch per source, store and day (exit 2 when they differ)")
    {
        Options.Add(Source);
        Options.Add(From);
        Options.Add(To);
        Options.Add(Repair);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var (from, to) = (Day("--from", parseResult.GetValue(From)), Day("--to", parseResult.GetValue(To)));
        if ((from is null) != (to is null)) throw new ArgumentException("reconcile: give both --from and --to, or neither (every day)");
        if (from > to) throw new ArgumentException($"reconcile: --from {from:yyyy-MM-dd} is after --to {to:yyyy-MM-dd}");
        var loads = Get<LoadService>(services);
        loads.RequireConfiguration();
        var reconcile = Get<ReconcileService>(services);
        var output = parseResult.InvocationConfiguration.Output;
        var differ = false;
        foreach (var source in loads.Sources(parseResult.GetValue(Source)))
        {
            var differences = await reconcile.CompareAsync(source, from, to, ct).ConfigureAwait(false);
            if (differences.Count > 0 && parseResult.GetValue(Repair))
            {
                foreach (var d in differences) await output.WriteLineAsync($"{d} (repairing)").ConfigureAwait(false);
                foreach (var result in await reconcile.RepairAsync(source, differences, ct).ConfigureAwait(false))
                    await output.WriteLineAsync(result.Summary()).ConfigureAwait(false);
                differences = await reconcile.CompareAsync(source, from, to, ct).ConfigureAwait(false);
            }
            foreach (var d in differences) await output.WriteLineAsync(d.ToString()).ConfigureAwait(false);
            await output.WriteLineAsync(differences.Count == 0
                ? $"{source.Name}: MySQL and Elasticsearch agree"
                : $"{source.Name}: {differences.Count} store-day(s) differ").ConfigureAwait(false);
            differ |= differences.Count > 0;
        }
        return differ ? ExitCodes.Differences : ExitCodes.Success;
    }

    private static DateOnly? Day(string option, string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw new ArgumentException($"reconcile: {option} '{text}' is not a date (yyyy-MM-dd)");
}
