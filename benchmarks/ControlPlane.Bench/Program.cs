using ControlPlane.Bench;

// Composition only: `controlplane-bench [options]` runs the loader bench; `sink` and `stream-bench` are its subcommands.
return await BenchRootCommand.Create().Parse(args).InvokeAsync();
