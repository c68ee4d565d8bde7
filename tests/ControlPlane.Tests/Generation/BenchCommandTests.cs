using System.CommandLine;
using System.Text.RegularExpressions;
using ControlPlane.Cli;
using ControlPlane.Bench;
using ControlPlane.Tests.TestSupport;
using static ControlPlane.Tests.Generation.GenerationFixture;

namespace ControlPlane.Tests.Generation;

/// <summary>
/// The bench command as a user runs it. It reads CARD_HMAC_KEY from the environment and the CLI prints errors to
/// Console.Error, both process-wide: these tests run in the collection that runs alone.
/// </summary>
[Collection(nameof(GenerateCommandTests))]
public sealed partial class BenchCommandTests
{
    /// <summary>A server nobody listens on: these errors must come before any connection is tried.</summary>
    private const string Unreachable = "Server=127.0.0.1;Port=9;User ID=x;Password=y;Database=none;SslMode=None";

    [Theory]
    [InlineData("--rows must be a positive number of rows, not 0", "--rows", "0")]
    [InlineData("--rows must be a positive number of rows, not -5", "--rows", "-5")]
    [InlineData("--page-rows must be between 1 and 100000, not 0", "--page-rows", "0")]
    [InlineData("--page-rows must be between 1 and 100000, not 100001", "--page-rows", "100001")]
    [InlineData("--concurrency must be between 1 and 16 bulk senders, not 0", "--concurrency", "0")]
    [InlineData("--concurrency must be between 1 and 16 bulk senders, not 17", "--concurrency", "17")]
    [InlineData("--seed-rows must be a positive number of rows, not 0", "--seed-rows", "0")]
    [InlineData("--database must be a plain MySQL database name (letters, digits and _, at most 64), not 'bench;drop'", "--database", "bench;drop")]
    public async Task BadOptionsFailWithAClearMessage(string expected, params string[] options)
    {
        var (exit, _, stderr) = await InvokeAsync([.. options, "--root", RepositoryRoot.Path, "--mysql", Unreachable], cardKey: "k");

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("bench: " + expected, stderr);
    }

    [Fact]
    public async Task ANonNumberIsAParseError()
    {
        var (exit, _, stderr) = await InvokeAsync(["--rows", "many", "--root", RepositoryRoot.Path, "--mysql", Unreachable], cardKey: "k");

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("many", stderr);
    }

    [Fact]
    public async Task MissingSettingsAreNamedBeforeAnythingIsGenerated()
    {
        var (noMySql, _, noMySqlError) = await InvokeAsync(["--root", RepositoryRoot.Path], cardKey: "k");
        var (noKey, _, noKeyError) = await InvokeAsync(["--root", RepositoryRoot.Path, "--mysql", Unreachable], cardKey: null);

        Assert.Equal((ExitCodes.Error, ExitCodes.Error), (noMySql, noKey));
        Assert.Contains("bench: MYSQL_CONNECTION is not set", noMySqlError);
        Assert.Contains("bench: CARD_HMAC_KEY is not set", noKeyError);
    }

    [Fact]
    public async Task ADatabaseWithTablesBenchDidNotCreateIsNeverTouched()
    {
        await using var db = await MySqlTestDatabase.CreateAsync("bench_foreign");
        await db.ExecuteAsync("CREATE TABLE platform_sales (id BIGINT PRIMARY KEY)");
        await db.ExecuteAsync("INSERT INTO platform_sales VALUES (1)");

        var (exit, _, stderr) = await InvokeAsync(["--rows", "100", "--database", db.Name, "--root", RepositoryRoot.Path, "--mysql", db.ConnectionString], cardKey: "k");

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains($"bench: database `{db.Name}`", stderr);
        Assert.Contains("holds tables bench did not create (platform_sales)", stderr);
        Assert.Equal(1, await CountAsync(db, "SELECT COUNT(*) FROM platform_sales"));
    }

    [Fact]
    public async Task ATinyRunLoadsEveryRowIntoTheSinkExactlyOnceAndEndsWithTheSummaryLine()
    {
        await using var db = await MySqlTestDatabase.CreateAsync("bench_e2e");

        var (exit, output, stderr) = await InvokeAsync(
            ["--rows", "2000", "--page-rows", "300", "--concurrency", "3", "--seed-rows", "500", "--database", db.Name, "--root", RepositoryRoot.Path, "--mysql", db.ConnectionString],
            cardKey: "bench-test-key");

        Assert.True(exit == ExitCodes.Success, stderr + output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(SummaryLine(), lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("generate: 2000/2000 rows (100%)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("bench: machine reference: 200000 card fingerprints in ", StringComparison.Ordinal) && l.Contains(" ms of CPU ("));
        Assert.Contains(lines, l => l.StartsWith("bench: raw keyset read: 2000 rows in ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("bench: loader platform_sales: 2000 read", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("bench: fraud check: ", StringComparison.Ordinal) && l.Contains(" over 7 pages: "));

        // What the sink received, against the database itself: every good row once as a sale, every bad one once as a dead
        // letter and once as a tombstone in platform_sales (no reader finds it; docs/assets.md, "Deletes").
        var bad = await CountAsync(db, "SELECT COUNT(*) FROM planted_bad_rows");
        var good = await CountAsync(db, "SELECT COUNT(*) FROM platform_sales") - bad;
        // A sale may arrive twice when a re-check re-flags it in the same run (BenchExactlyOnceTests); the check counts documents.
        Assert.Contains($"bench: sink received {good} sales and {bad} tombstones (", output);
        Assert.Contains($", {bad} dead letters (0 repeated; the loader declared ", output);
        Assert.Equal(2000, good + bad);

        // The seed design's peer ran on the first 500 rows into a sink of its own: two searches a sale, a bulk per 100 rows.
        var seed = Assert.Single(lines, l => l.StartsWith("bench: seed design (row by row", StringComparison.Ordinal));
        var seedRows = Regex.Match(seed, @"\((\d+) sales, (\d+) dead letters, \d+ flagged; (\d+) searches, (\d+) bulk requests");
        Assert.Contains("500 rows (a sample: the first 500 of 2000, --seed-rows)", seed);
        var (seedSales, seedBad) = (long.Parse(seedRows.Groups[1].Value), long.Parse(seedRows.Groups[2].Value));
        Assert.Equal(500, seedSales + seedBad);
        Assert.Equal(2 * seedSales, long.Parse(seedRows.Groups[3].Value));
        Assert.Equal(5, long.Parse(seedRows.Groups[4].Value));
    }

    [Fact]
    public async Task ReuseLoadsTheRowsAlreadyThereWithoutGenerating()
    {
        await using var db = await MySqlTestDatabase.CreateAsync("bench_reuse");
        string[] args = ["--database", db.Name, "--root", RepositoryRoot.Path, "--mysql", db.ConnectionString];
        var (first, _, firstError) = await InvokeAsync([.. args, "--rows", "500"], cardKey: "k");
        Assert.True(first == ExitCodes.Success, firstError);

        var (exit, output, stderr) = await InvokeAsync([.. args, "--rows", "400", "--reuse"], cardKey: "k");

        Assert.True(exit == ExitCodes.Success, stderr + output);
        Assert.Contains("bench: reusing the 500 rows of table platform_sales (--reuse, at least 400 asked)", output);
        Assert.DoesNotContain("generate:", output);
        Assert.Contains("bench: raw keyset read: 500 rows in ", output);
    }

    [Fact]
    public async Task ControlplaneBenchOutsideASourceCheckoutSaysHowToRunTheBenchProject()
    {
        var empty = Directory.CreateTempSubdirectory("no-bench-");
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = await RootCommandFactory.Create().Parse(["bench", "--rows", "10", "--root", empty.FullName])
                .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

            Assert.Equal(ExitCodes.Error, exit);
            Assert.Contains("bench: the bench is its own project now", error.ToString());
            Assert.Contains("dotnet run -c Release --project benchmarks/ControlPlane.Bench/ControlPlane.Bench.csproj", error.ToString());
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^bench: loader \d+ rows/s, raw read \d+ rows/s, ratio \d+\.\d\d, peak RSS \d+ MB, loader CPU \d+\.\d us/row, seed design \d+ rows/s$")]
    private static partial Regex SummaryLine();

    private static async Task<(int Exit, string Output, string Stderr)> InvokeAsync(string[] args, string? cardKey)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var previousError = Console.Error;
        var previousKey = Environment.GetEnvironmentVariable("CARD_HMAC_KEY");
        Console.SetError(TextWriter.Synchronized(error));
        Environment.SetEnvironmentVariable("CARD_HMAC_KEY", cardKey);
        try
        {
            var configuration = new InvocationConfiguration { Output = TextWriter.Synchronized(output), Error = error };
            var exit = await BenchRootCommand.Create().Parse(args).InvokeAsync(configuration);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetError(previousError);
            Environment.SetEnvironmentVariable("CARD_HMAC_KEY", previousKey);
        }
    }
}
