using System.CommandLine;
using System.Globalization;
using ControlPlane.Configuration;
using ControlPlane.Generation;
using Microsoft.Extensions.Options;

namespace ControlPlane.Cli;

/// <summary>
/// <c>generate --rows N [--seed S] [--days D] [--stores K] [--fraud-rate R] [--bad-rate R] [--connections C] [--end DATE] [--source NAME]</c>:
/// fills every source table with synthetic multi-platform sales, labelled planted fraud and bad rows (interface.md).
/// </summary>
public sealed class GenerateCommand : ControlPlaneCommand
{
    private static readonly GenerationRequest Defaults = new();

    private static readonly Option<long> Rows = new("--rows") { Description = "Rows to write over all sources (planted fraud and bad rows included)", Required = true };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed: the same seed and options give the same rows", DefaultValueFactory = _ => Defaults.Seed };
    private static readonly Option<int> Days = new("--days") { Description = "Local days of sales ending at --end", DefaultValueFactory = _ => Defaults.Days };
    private static readonly Option<int> Stores = new("--stores") { Description = "Stores over all sources", DefaultValueFactory = _ => Defaults.Stores };
    private static readonly Option<double> FraudRate = new("--fraud-rate") { Description = "Fraction of rows that are planted fraud, 0–0.5", DefaultValueFactory = _ => Defaults.FraudRate };
    private static readonly Option<double> BadRate = new("--bad-rate") { Description = "Fraction of rows that are bad (NULL amount, malformed card), 0–0.5", DefaultValueFactory = _ => Defaults.BadRate };
    private static readonly Option<int> Connections = new("--connections") { Description = "MySQL connections writing in parallel", DefaultValueFactory = _ => Defaults.Connections };
    private static readonly Option<string?> End = new("--end") { Description = "Last local day of sales, yyyy-MM-dd (default: today in the source's time zone)" };
    private static readonly Option<string[]> Source = new("--source") { Description = "Fill only this source (repeatable; default: every source under elastic-assets/sources/)" };

    public GenerateCommand() : base("generate", "Fill MySQL with synthetic multi-platform card sales, with labelled planted fraud and bad rows")
    {
        foreach (var option in new Option[] { Rows, Seed, Days, Stores, FraudRate, BadRate, Connections, End, Source }) Options.Add(option);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var request = new GenerationRequest
        {
            Rows = parseResult.GetValue(Rows),
            Seed = parseResult.GetValue(Seed),
            Days = parseResult.GetValue(Days),
            Stores = parseResult.GetValue(Stores),
            FraudRate = parseResult.GetValue(FraudRate),
            BadRate = parseResult.GetValue(BadRate),
            Connections = parseResult.GetValue(Connections),
            End = ParseEnd(parseResult.GetValue(End)),
            Sources = parseResult.GetValue(Source) ?? [],
        };
        request.Validate();
        var connectionString = Get<IOptions<ControlPlaneOptions>>(services).Value.MySqlConnection
            ?? throw new ControlPlaneException("no MySQL connection: set MYSQL_CONNECTION or pass --mysql \"Server=…;Database=…\"");

        var output = parseResult.InvocationConfiguration.Output;
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var generator = Get<SalesGenerator>(services);
        var summary = await GenerationConsole.RunAsync(output, terminal, progress => generator.GenerateAsync(connectionString, request, progress, ct)).ConfigureAwait(false);
        GenerationConsole.WriteSummary(output, summary);
        return ExitCodes.Success;
    }

    private static DateOnly? ParseEnd(string? text)
    {
        if (text is null) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new ControlPlaneException($"--end must be a date like 2026-05-01, not '{text}'");
    }
}
