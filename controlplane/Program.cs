using ControlPlane.Cli;

// Composition only: parse the command line, then the chosen command builds its host and runs.
return await RootCommandFactory.Create().Parse(args).InvokeAsync();

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
