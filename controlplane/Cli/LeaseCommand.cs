using System.CommandLine;
using System.Globalization;
using ControlPlane.Loading;

namespace ControlPlane.Cli;

/// <summary><c>lease</c>: the per-source loader leases in <c>platform_loader_state</c>. Its one subcommand is <c>release</c>.</summary>
public sealed class LeaseCommand : ControlPlaneCommand
{
    public LeaseCommand() : base("lease", "Loader leases (platform_loader_state): lease release --source NAME")
    {
        Subcommands.Add(new ReleaseCommand());
    }

    protected override Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct) =>
        throw new ControlPlaneException("name a subcommand: lease release --source NAME");

    /// <summary>
    /// <c>lease release --source NAME</c>: clears a stale lease (its loader was killed and the lease has not expired yet:
    /// <c>Loader:LeaseDuration</c>, 2 minutes by default), so the next run starts at once. Prints who held it until when.
    /// A loader still running that source stops at its next state write.
    /// </summary>
    public sealed class ReleaseCommand : ControlPlaneCommand
    {
        private static readonly Option<string> Source = new("--source") { Description = "The source whose lease to release (a name under elastic-assets/sources/)", Required = true };

        public ReleaseCommand() : base("release", "Release a source's loader lease (after its loader was killed)")
        {
            Options.Add(Source);
        }

        protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
        {
            var loads = Get<LoadService>(services);
            var source = loads.Sources(parseResult.GetValue(Source)).Single();
            loads.RequireElasticsearch();
            var time = Get<TimeProvider>(services);
            var held = await SourceLease.ReleaseAsync(Get<LoaderStateStore>(services), source.Name, time, ct).ConfigureAwait(false);
            var output = parseResult.InvocationConfiguration.Output;
            if (held is null)
            {
                await output.WriteLineAsync($"source {source.Name}: no lease to release").ConfigureAwait(false);
                return ExitCodes.Success;
            }
            var until = held.LeaseExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? "unknown";
            var expired = held.LeaseExpiresAt is { } at && at <= time.GetUtcNow();
            await output.WriteLineAsync($"source {source.Name}: released the lease of {held.LeaseOwner} (until {until}, " +
                (expired ? "already expired)" : "not yet expired: if that loader still runs, it stops at its next state write)")).ConfigureAwait(false);
            return ExitCodes.Success;
        }
    }
}
