using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Cli;

/// <summary>Builds the Generic Host a command runs in: appsettings.json, then environment, then command-line options.</summary>
public static class ControlPlaneHost
{
    public static HostApplicationBuilder CreateBuilder(ParseResult parseResult, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });
        ApplyCommandLine(builder.Configuration, parseResult, settings);
        // A failed request is reported once, by the command, with the server's reason: not also by every HTTP handler layer.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Services.AddControlPlane(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Adds the command line's settings last so they win; also reads appsettings.json from the working directory.
    /// <paramref name="settings"/> (from <see cref="RootCommandFactory.Create"/>) sit where the environment does, above it:
    /// how a test gives one invocation its own secrets without touching the process environment.
    /// </summary>
    public static void ApplyCommandLine(IConfigurationManager configuration, ParseResult parseResult, IReadOnlyDictionary<string, string?>? settings = null)
    {
        configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        configuration.AddEnvironmentVariables();
        if (settings is not null) configuration.AddInMemoryCollection(settings);
        configuration.AddInMemoryCollection(GlobalOptions.ToConfiguration(parseResult));
    }
}
