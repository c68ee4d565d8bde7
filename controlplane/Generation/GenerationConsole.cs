using System.Globalization;
using Spectre.Console;

namespace ControlPlane.Generation;

/// <summary>
/// How <c>generate</c> shows a run: a Spectre.Console progress bar on a terminal, plain progress lines otherwise
/// (<c>generate: 350000/1000000 rows (35%), 41000 rows/s</c>), then a summary.
/// </summary>
public static class GenerationConsole
{
    public static async Task<GenerationSummary> RunAsync(TextWriter output, bool terminal, Func<Action<GenerationProgress>, Task<GenerationSummary>> run)
    {
        if (terminal)
        {
            GenerationSummary? summary = null;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("generate", maxValue: 1);
                    summary = await run(p =>
                    {
                        task.MaxValue = Math.Max(1, p.RowsTotal);
                        task.Value = p.RowsWritten;
                        task.Description = $"generate {p.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} rows/s";
                    }).ConfigureAwait(false);
                }).ConfigureAwait(false);
            return summary!;
        }
        var lastTenth = -1;
        return await run(p =>
        {
            // One line per 10% so a log of a long run stays short.
            var tenth = (int)(p.Fraction * 10);
            if (tenth == lastTenth) return;
            lastTenth = tenth;
            output.WriteLine(ProgressLine(p));
        }).ConfigureAwait(false);
    }

    public static string ProgressLine(GenerationProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"generate: {p.RowsWritten}/{p.RowsTotal} rows ({Math.Floor(p.Fraction * 100):F0}%), {p.RowsPerSecond:F0} rows/s");

    public static void WriteSummary(TextWriter output, GenerationSummary summary)
    {
        var path = summary.WritePath == WritePath.BulkLoad ? "LOAD DATA LOCAL INFILE" : "multi-row INSERT";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generate: {summary.Rows} rows in {summary.Elapsed.TotalSeconds:F1} s ({summary.RowsPerSecond:F0} rows/s), {path} over {summary.Connections} connection(s)"));
        foreach (var s in summary.Sources)
        {
            var keys = s.Rows > 0 ? string.Create(CultureInfo.InvariantCulture, $", keys {s.FirstId}–{s.LastId}") : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {s.Source} (table {s.Table}): {s.Rows} rows{keys}, {s.Stores} stores, {s.FirstDay:yyyy-MM-dd}..{s.LastDay:yyyy-MM-dd}, {s.PlantedFraudRows} planted fraud, {s.BadRows} bad"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  planted fraud: {summary.PlantedFraudRows} sales in {summary.PlantedFraudCases} cases (table planted_fraud; the rule flags repeat_index >= 3)"));
        if (summary.UnplacedFraudCases > 0)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  warning: {summary.UnplacedFraudCases} fraud case(s) found no store where they stay above the weekly AOV and were not written"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  bad rows: {summary.BadRows} (table planted_bad_rows)"));
    }
}
