using System.CommandLine;
using ControlPlane.Cli;

namespace ControlPlane.Tests.Cli;

/// <summary>
/// The catch-all of <see cref="ControlPlaneCommand"/>: an exception nobody expected (a bug) is still one line on stderr
/// naming its type and message; <c>--verbose</c> adds the stack trace. Driven through a command whose only job is to fail
/// that way, in a root with the real global options.
/// </summary>
public sealed class UnexpectedErrorTests
{
    private sealed class BuggyCommand() : ControlPlaneCommand("buggy", "throws what no command expects")
    {
        protected override Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct) => Explode();

        // Its own method, so the stack trace has a frame to name.
        private static Task<int> Explode() => throw new KeyNotFoundException("the key 'store' was not present\nin the dictionary");
    }

    private static async Task<CliResult> RunAsync(params string[] args)
    {
        var root = new RootCommand();
        foreach (var option in GlobalOptions.All) root.Options.Add(option);
        root.Subcommands.Add(new BuggyCommand());
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task AnUnexpectedExceptionIsOneLineOnStandardErrorWithoutVerbose()
    {
        var result = await RunAsync("buggy", "--root", Path.GetTempPath());

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Equal(
            "buggy: unexpected error (KeyNotFoundException): the key 'store' was not present in the dictionary (--verbose prints the stack trace)",
            Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r'));
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task WithVerboseTheSameExceptionCarriesItsStackTrace()
    {
        var result = await RunAsync("buggy", "--verbose", "--root", Path.GetTempPath());

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.StartsWith("buggy: unexpected error: System.Collections.Generic.KeyNotFoundException: the key 'store' was not present", result.Err);
        Assert.Contains("   at ", result.Err);
        Assert.Contains(nameof(BuggyCommand), result.Err);
        Assert.Equal("", result.Out);
    }
}
