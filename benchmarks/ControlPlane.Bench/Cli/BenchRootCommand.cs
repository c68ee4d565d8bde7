using System.CommandLine;
using ControlPlane.Cli;

namespace ControlPlane.Bench;

/// <summary>
/// The bench project's command line: the root runs the loader bench (<see cref="BenchCommand"/>'s options), <c>sink</c>
/// is the stand-in it starts as a child process, <c>stream-bench</c> measures the streaming path.
/// </summary>
public static class BenchRootCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("The control plane's benchmarks: the MySQL loader against its raw read and the seed's design, and the streaming path.");
        foreach (var option in GlobalOptions.All) root.Options.Add(option);
        var bench = new BenchCommand();
        foreach (var option in bench.Options) root.Options.Add(option);
        root.Action = bench.Action;
        root.Subcommands.Add(new BenchCommand.SinkCommand());
        root.Subcommands.Add(new StreamBenchCommand());
        return root;
    }
}
