using System.CommandLine;
using ControlPlane.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Cli;

/// <summary>
/// <c>serve [--urls URL]</c>: runs the hosted services (the loader's schedules), the search API, the status page and
/// <c>/healthz</c> until Ctrl+C or SIGTERM. Without API_KEY it refuses to listen beyond loopback unless <c>--allow-anonymous</c>.
/// </summary>
public sealed class ServeCommand : ControlPlaneCommand
{
    public static readonly Option<string?> Urls = new("--urls") { Description = "Where to listen, e.g. http://0.0.0.0:8080 (default: ASPNETCORE_URLS or http://localhost:5000)" };

    public static readonly Option<bool> AllowAnonymous = new("--allow-anonymous")
    {
        Description = "Without API_KEY, serve the open API on non-loopback addresses too (default: refuse; loopback only)",
    };

    public ServeCommand() : base("serve", "Run the schedules, the search API, the status page and /healthz")
    {
        Options.Add(Urls);
        Options.Add(AllowAnonymous);
    }

    protected override IHost BuildHost(ParseResult parseResult) =>
        ApiHost.Build(configuration => ControlPlaneHost.ApplyCommandLine(configuration, parseResult, HostSettings), parseResult.GetValue(Urls));

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var host = services.GetRequiredService<IHost>();
        var keys = services.GetRequiredService<ApiKeyCheck>();
        var anonymousAllowed = parseResult.GetValue(AllowAnonymous) || services.GetRequiredService<IOptions<ApiOptions>>().Value.AllowAnonymous;
        if (!keys.Required && !anonymousAllowed
            && AnonymousListening.FirstNonLoopback(AnonymousListening.ConfiguredUrls(services.GetRequiredService<IConfiguration>())) is { } open)
            throw new ControlPlaneException(AnonymousListening.Refusal(open));
        if (services.GetRequiredService<IOptionsMonitor<ControlPlane.Http.RestTransportOptions>>().Get(ControlPlane.Configuration.ConnectionOptionsSetup.Elasticsearch).IsConfigured)
            await services.GetRequiredService<ControlPlane.Planning.AssetReadiness>().RequireAsync(services.GetRequiredService<ControlPlane.Assets.AssetRoot>(), Name, ct).ConfigureAwait(false);
        try
        {
            await host.StartAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OptionsValidationException)
        {
            throw new ControlPlaneException($"cannot start serving on {parseResult.GetValue(Urls) ?? "the default URLs"}: {ex.Message}", ex);
        }
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        // The settings were read above; this catches a listener configured some other way before a request is likely.
        if (!keys.Required && !anonymousAllowed && AnonymousListening.FirstNonLoopback(addresses) is { } bound)
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw new ControlPlaneException(AnonymousListening.Refusal(bound));
        }
        await parseResult.InvocationConfiguration.Output.WriteLineAsync($"serving on {string.Join(", ", addresses)}").ConfigureAwait(false);
        await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
