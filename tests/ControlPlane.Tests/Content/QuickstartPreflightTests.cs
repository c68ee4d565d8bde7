using System.Diagnostics;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Content;

/// <summary>
/// quickstart.sh as a new user meets it: on a machine without what it needs it stops before starting anything, with one
/// sentence per missing thing (run with a PATH of our own making, so the machine's own tools do not decide the answer).
/// </summary>
public sealed class QuickstartPreflightTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cp-quickstart-").FullName;
    private readonly string _bin;

    public QuickstartPreflightTests()
    {
        File.Copy(Path.Combine(RepositoryRoot.Path, "quickstart.sh"), Path.Combine(_dir, "quickstart.sh"));
        _bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        // The tools the preflight itself uses, and no docker.
        foreach (var tool in new[] { "bash", "dirname", "grep", "cut", "tr", "cat", "dotnet" })
            if (Which(tool) is { } path) File.CreateSymbolicLink(Path.Combine(_bin, tool), path);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    private async Task<(int ExitCode, string Out, string Err)> RunAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(_bin, "bash"), [Path.Combine(_dir, "quickstart.sh")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir,
        };
        start.Environment["PATH"] = _bin;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task WithoutDockerOnThePathItSaysWhatToInstallAndStartsNothing()
    {
        var (code, stdout, stderr) = await RunAsync();

        Assert.NotEqual(0, code);
        Assert.Contains("quickstart: cannot start", stderr);
        Assert.Contains("Docker is not installed (no 'docker' command): install Docker Engine, https://docs.docker.com/engine/install/", stderr);
        Assert.Contains(".env is missing: copy .env.example to .env and replace every change-me", stderr);
        Assert.DoesNotContain("==", stdout);
    }

    [Fact]
    public async Task ADockerWithoutComposeAndWithoutAnEngineIsNamedAsSuchAndPlaceholdersInEnvToo()
    {
        // The machine: a docker command, no Compose plugin, no engine.
        var docker = Path.Combine(_bin, "docker");
        File.WriteAllText(docker, "#!/bin/bash\ncase \"$1\" in\n  compose) echo \"docker: unknown command: docker compose\" >&2; exit 1;;\n  info) echo \"Cannot connect to the Docker daemon\" >&2; exit 1;;\nesac\nexit 1\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(docker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(_dir, ".env"), "ES_PORT=59200\nKIBANA_PORT=55601\nMYSQL_PORT=53306\nES_PASSWORD=change-me\nCARD_HMAC_KEY=change-me # the card secret\nAPI_KEY=s3cret\n");

        var (code, _, stderr) = await RunAsync();

        Assert.NotEqual(0, code);
        Assert.Contains("Docker Compose v2 is missing ('docker compose version' failed): install the Compose plugin", stderr);
        Assert.Contains("the Docker engine is not running or not reachable ('docker info' failed)", stderr);
        Assert.Contains(".env still has change-me placeholders in: ES_PASSWORD CARD_HMAC_KEY; replace each with a value of your own", stderr);
        Assert.DoesNotContain("Docker is not installed", stderr);
    }
}
