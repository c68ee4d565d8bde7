using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary>The command tree of interface.md.</summary>
public static class RootCommandFactory
{
    public static RootCommand Create()
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
        return root;
    }
}
