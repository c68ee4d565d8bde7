using System.CommandLine;
using ControlPlane.Assets;
using ControlPlane.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ControlPlane.Cli;

/// <summary>
/// Base of every command: parses, builds the host with the command line's settings on top, runs
/// <see cref="ExecuteAsync"/>, and turns failures into a message on stderr and exit code 1.
/// </summary>
public abstract class ControlPlaneCommand : Command
{
    protected ControlPlaneCommand(string name, string description) : base(name, description)
    {
        SetAction(RunAsync);
    }

    /// <summary>Does the command's one job; returns an <see cref="ExitCodes"/> value.</summary>
    protected abstract Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct);

    /// <summary>Settings above the environment and below the command line (see <see cref="RootCommandFactory.Create"/>); null in production.</summary>
    public IReadOnlyDictionary<string, string?>? HostSettings { get; set; }

    /// <summary>Builds the host for this invocation. <c>serve</c> overrides it with a web host.</summary>
    protected virtual IHost BuildHost(ParseResult parseResult) => ControlPlaneHost.CreateBuilder(parseResult, HostSettings).Build();

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken ct)
    {
        try
        {
            using var host = BuildHost(parseResult);
            return await ExecuteAsync(parseResult, host.Services, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"{Name}: cancelled").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (Exception ex) when (ex is ControlPlaneException or AssetException or RestException or InvalidOperationException
            or IOException or UnauthorizedAccessException or ArgumentException or FormatException or System.Data.Common.DbException)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"{Name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Unexpected: still one line, the stack trace only when asked for.
            var error = parseResult.InvocationConfiguration.Error;
            await error.WriteLineAsync(parseResult.GetValue(GlobalOptions.Verbose)
                ? $"{Name}: unexpected error: {ex}"
                : $"{Name}: unexpected error ({ex.GetType().Name}): {ex.Message.ReplaceLineEndings(" ")} (--verbose prints the stack trace)").ConfigureAwait(false);
            return ExitCodes.Error;
        }
    }

    protected static T Get<T>(IServiceProvider services) where T : notnull => services.GetRequiredService<T>();

    /// <summary>The asset root of this invocation, checked to hold asset folders.</summary>
    protected static AssetRoot Assets(IServiceProvider services) => Get<AssetRoot>(services).RequireAssetFolders();
}

/// <summary>A failure the user can act on; its message is printed as it is, without a stack trace.</summary>
public sealed class ControlPlaneException(string message, Exception? inner = null) : Exception(message, inner);
