using System.CommandLine;
using ControlPlane.Assets;
using ControlPlane.Configuration;
using ControlPlane.Http;
using ControlPlane.Kibana;
using Microsoft.Extensions.Options;

namespace ControlPlane.Cli;

/// <summary><c>kibana</c>: the saved objects of <c>kibana-saved-objects/</c>. Its one subcommand is <c>import</c>.</summary>
public sealed class KibanaCommand : ControlPlaneCommand
{
    public KibanaCommand() : base("kibana", "Kibana saved objects (kibana-saved-objects/): kibana import [--space S]")
    {
        Subcommands.Add(new ImportCommand());
    }

    protected override Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct) =>
        throw new ControlPlaneException("name a subcommand: kibana import [--space SPACE]");

    /// <summary>
    /// <c>kibana import [--space S]</c>: imports every saved object with overwrite; prints <c>imported N objects</c>, then
    /// sets the advanced settings of advanced-settings.yml (<c>set advanced settings dateFormat:tz</c>), and exits 1
    /// naming each object Kibana refused (type, id, title) with Kibana's reason (the settings are then left alone).
    /// </summary>
    public sealed class ImportCommand : ControlPlaneCommand
    {
        public static readonly Option<string?> Space = new("--space") { Description = "Kibana space id to import into (overrides KIBANA_SPACE; default: the default space)" };

        public ImportCommand() : base("import", "Import kibana-saved-objects/*.ndjson into Kibana (overwriting our objects)")
        {
            Options.Add(Space);
        }

        protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
        {
            if (!Get<IOptionsMonitor<RestTransportOptions>>(services).Get(ConnectionOptionsSetup.Kibana).IsConfigured)
                throw new ControlPlaneException("KIBANA_URL is not set (or pass --kibana-url): nowhere to import to");
            var result = await Get<SavedObjectImporter>(services).ImportAsync(Assets(services), parseResult.GetValue(Space), ct).ConfigureAwait(false);
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            await output.WriteLineAsync($"imported {result.SuccessCount} objects").ConfigureAwait(false);
            if (result.SettingsSet.Count > 0)
                await output.WriteLineAsync($"set advanced settings {string.Join(", ", result.SettingsSet)}").ConfigureAwait(false);
            if (result.Errors.Count == 0) return ExitCodes.Success;
            foreach (var failure in result.Errors)
                await error.WriteLineAsync($"kibana import: failed {failure}").ConfigureAwait(false);
            await error.WriteLineAsync($"kibana import: {result.Errors.Count} object(s) were not imported").ConfigureAwait(false);
            return ExitCodes.Error;
        }
    }
}
