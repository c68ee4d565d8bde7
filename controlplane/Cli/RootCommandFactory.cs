using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary>The command tree of interface.md.</summary>
public static class RootCommandFactory
{
    /// <summary>
    /// The command tree. <paramref name="settings"/> are configuration values every command's host reads above the
    /// environment (and below the command line): tests pass secrets such as CARD_HMAC_KEY this way.
    /// </summary>
    public static RootCommand Create(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var root = new RootCommand("Elastic-native ingest control plane: assets as code, a fraud-checked MySQL loader, a search API.");
        foreach (var option in GlobalOptions.All) root.Options.Add(option);
        Command[] commands =
        [
            new ValidateCommand(), new RenderCommand(), new PlanCommand(), new ApplyCommand(),
            new LoadCommand(), new BackfillCommand(), new KibanaCommand(), new ServeCommand(),
            new GenerateCommand(), new BenchCommand(), new LeaseCommand(), new ReconcileCommand(), new DoctorCommand(),
            new StreamCommand(), new ProduceCommand(),
        ];
        foreach (var command in commands) root.Subcommands.Add(command);
        if (settings is not null) Configure(root, settings);
        return root;
    }

    private static void Configure(Command command, IReadOnlyDictionary<string, string?> settings)
    {
        if (command is ControlPlaneCommand ours) ours.HostSettings = settings;
        foreach (var sub in command.Subcommands) Configure(sub, settings);
    }
}
