using System.CommandLine;
using ControlPlane.Cli;
using ControlPlane.Tests.TestSupport;
using static ControlPlane.Tests.Generation.GenerationFixture;

namespace ControlPlane.Tests.Generation;

/// <summary>The command swaps Console.Error to read what the CLI prints; no other test may run meanwhile.</summary>
[CollectionDefinition(nameof(GenerateCommandTests), DisableParallelization = true)]
public sealed class GenerateCommandConsoleCollection;

[Collection(nameof(GenerateCommandTests))]
public sealed class GenerateCommandTests
{
    /// <summary>A server nobody listens on: these errors must come before any connection is tried.</summary>
    private const string Unreachable = "Server=127.0.0.1;Port=9;User ID=x;Password=y;Database=none;SslMode=None";

    [Theory]
    [InlineData("--rows must be a positive number of rows, not 0", "--rows", "0")]
    [InlineData("--rows must be a positive number of rows, not -5", "--rows", "-5")]
    [InlineData("--fraud-rate must be between 0 and 0.5 (a fraction of rows), not 0.7", "--rows", "100", "--fraud-rate", "0.7")]
    [InlineData("--fraud-rate must be between 0 and 0.5 (a fraction of rows), not -0.1", "--rows", "100", "--fraud-rate", "-0.1")]
    [InlineData("--days must be at least 8 when --fraud-rate is above 0", "--rows", "100", "--days", "5")]
    [InlineData("--connections must be between 1 and 32, not 0", "--rows", "100", "--connections", "0")]
    [InlineData("--end must be a date like 2026-05-01, not '2026-13-01'", "--rows", "100", "--end", "2026-13-01")]
    [InlineData("unknown source 'nope' (--source); known under elastic-assets/sources/: platform_sales, shop_orders", "--rows", "100", "--source", "nope")]
    [InlineData("--stores must be at least the number of sources filled (2", "--rows", "100", "--stores", "1")]
    public async Task BadOptionsFailWithAClearMessage(string expected, params string[] options)
    {
        var (exit, stderr) = await InvokeAsync(["generate", .. options, "--root", RepositoryRoot.Path, "--mysql", Unreachable]);

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("generate: " + expected, stderr);
    }

    [Fact]
    public async Task FewerDaysAreFineWithoutFraudButAMissingConnectionIsNot()
    {
        var (exit, stderr) = await InvokeAsync(["generate", "--rows", "100", "--days", "5", "--fraud-rate", "0", "--root", RepositoryRoot.Path]);

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("generate: no MySQL connection: set MYSQL_CONNECTION or pass --mysql", stderr);
    }

    [Fact]
    public async Task AMissingRowsOptionIsAParseError()
    {
        var (exit, stderr) = await InvokeAsync(["generate", "--root", RepositoryRoot.Path, "--mysql", Unreachable]);

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("--rows", stderr);
    }

    [Fact]
    public async Task AnUnreachableServerIsNamedWithoutItsPassword()
    {
        var (exit, stderr) = await InvokeAsync(["generate", "--rows", "100", "--root", RepositoryRoot.Path, "--mysql", Unreachable]);

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("generate: could not connect to MySQL at 127.0.0.1:9/none", stderr);
        Assert.DoesNotContain("Password", stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GenerateFillsTheDatabaseAndPrintsProgressAndASummary()
    {
        await using var db = await MySqlTestDatabase.CreateAsync("gen_cli");
        var output = new StringWriter();

        var (exit, stderr) = await InvokeAsync(
            ["generate", "--rows", "3000", "--days", "9", "--end", "2026-05-01", "--seed", "3", "--bad-rate", "0.01", "--root", RepositoryRoot.Path, "--mysql", db.ConnectionString],
            output);

        Assert.True(exit == ExitCodes.Success, stderr);
        var text = output.ToString();
        Assert.Contains("generate: 3000/3000 rows (100%)", text);
        Assert.Contains("generate: 3000 rows in ", text);
        Assert.Contains("platform_sales (table platform_sales): 2400 rows, keys 1–2400", text);
        Assert.Contains("shop_orders (table orders): 600 rows, keys 1–600", text);
        Assert.Equal(2400, await CountAsync(db, "SELECT COUNT(*) FROM platform_sales"));
        Assert.Equal(600, await CountAsync(db, "SELECT COUNT(*) FROM orders"));
    }

    private static async Task<(int Exit, string Stderr)> InvokeAsync(string[] args, TextWriter? output = null)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var configuration = new InvocationConfiguration { Output = output ?? new StringWriter(), Error = error };
            var exit = await RootCommandFactory.Create().Parse(args).InvokeAsync(configuration);
            return (exit, error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }
}
