using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Cli;

/// <summary>Builds the Generic Host a command runs in: appsettings.json, then environment, then command-line options.</summary>
public static class ControlPlaneHost
{
    public static HostApplicationBuilder CreateBuilder(ParseResult parseResult)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });
        ApplyCommandLine(builder.Configuration, parseResult);
        // A failed request is reported once, by the command, with the server's reason: not also by every HTTP handler layer.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Services.AddControlPlane(builder.Configuration);
        return builder;
    }

    /// <summary>Adds the command line's settings last so they win; also reads appsettings.json from the working directory.</summary>
    public static void ApplyCommandLine(IConfigurationManager configuration, ParseResult parseResult)
    {
        configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        configuration.AddEnvironmentVariables();
        configuration.AddInMemoryCollection(GlobalOptions.ToConfiguration(parseResult));
    }
}
