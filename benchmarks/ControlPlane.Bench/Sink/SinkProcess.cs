using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;

namespace ControlPlane.Bench;

/// <summary>
/// The sink in a child process of the same executable (<c>controlplane-bench sink --port 0</c>), so its memory stays
/// out of the loader's peak RSS. The child prints its URL on stdout and lives until its stdin closes: disposing this
/// closes it (and kills the child only if it does not stop), and a bench that dies takes its sink with it.
/// </summary>
public sealed class SinkProcess : IAsyncDisposable
{
    /// <summary>The line the child prints once it listens; the URL follows it.</summary>
    public const string ReadyPrefix = "bench sink: listening on ";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    /// <summary>Settings the sink has no use for: secrets stay in the process that needs them.</summary>
    private static readonly string[] Withheld = ["CARD_HMAC_KEY", "CARD_HMAC_KEY_FILE", "MYSQL_CONNECTION", "ES_API_KEY", "ES_PASSWORD", "KIBANA_API_KEY", "KIBANA_PASSWORD", "API_KEY"];

    private readonly Process _process;
    private readonly Queue<string> _errorTail;
    private readonly HttpClient _http;

    private SinkProcess(Process process, Queue<string> errorTail, Uri url)
    {
        _process = process;
        _errorTail = errorTail;
        Url = url;
        _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }
    public int ProcessId => _process.Id;

    public static async Task<SinkProcess> StartAsync(CancellationToken ct)
    {
        var (file, arguments) = Command();
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in Withheld) start.Environment.Remove(name);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start the bench sink ({file})");
        var errorTail = new Queue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errorTail)
            {
                errorTail.Enqueue(e.Data);
                if (errorTail.Count > 20) errorTail.Dequeue();
            }
        };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(StartTimeout);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                if (!line.StartsWith(ReadyPrefix, StringComparison.Ordinal)) continue;
                var sink = new SinkProcess(process, errorTail, new Uri(line[ReadyPrefix.Length..].Trim()));
                // Keep draining its stdout so the child never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return sink;
            }
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false); // so its last words on stderr are read
            throw new InvalidOperationException($"the bench sink ({file} {string.Join(' ', arguments)}) exited with code {process.ExitCode} before listening: {Tail(errorTail)}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Stop(process);
            process.Dispose();
            throw new InvalidOperationException($"the bench sink ({file}) did not listen within {StartTimeout.TotalSeconds:0} s: {Tail(errorTail)}");
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>What the sink received so far.</summary>
    public async Task<SinkStats> StatsAsync(CancellationToken ct)
    {
        try
        {
            return await _http.GetFromJsonAsync<SinkStats>(SinkServer.StatsPath, SinkStats.Json, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"the bench sink at {Url} answered {SinkServer.StatsPath} with nothing");
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException($"the bench sink at {Url} (process {ProcessId}) did not answer {SinkServer.StatsPath}: {ex.Message}; {Describe()}", ex);
        }
    }

    /// <summary>Whether the child is still running, and its last lines on stderr, for error messages.</summary>
    public string Describe() => _process.HasExited
        ? $"it exited with code {_process.ExitCode}: {Tail(_errorTail)}"
        : "it is still running";

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(StopTimeout);
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            Stop(_process);
        }
        _process.Dispose();
    }

    /// <summary>
    /// This executable again: the app host or self-contained binary when that is what runs, else the <c>dotnet</c>
    /// muxer with this assembly (under <c>dotnet controlplane.dll</c> and under the test host).
    /// </summary>
    private static (string File, string[] Arguments) Command()
    {
        string[] sink = ["sink", "--port", "0"];
        var processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "controlplane-bench") return (processPath, sink);
        var assembly = typeof(SinkProcess).Assembly.Location;
        var muxer = processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet"
            ? processPath
            : Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        return (File.Exists(muxer) ? muxer : "dotnet", [assembly, .. sink]);
    }

    /// <summary>Kills our own child (by its process object, never by name) when it would not stop.</summary>
    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private static string Tail(Queue<string> lines)
    {
        lock (lines) return lines.Count == 0 ? "(nothing on stderr)" : string.Join(" | ", lines);
    }
}
