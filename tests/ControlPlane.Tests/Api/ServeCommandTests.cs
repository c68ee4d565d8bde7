using System.CommandLine;
using System.Net;
using System.Text;
using ControlPlane.Cli;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.Kibana;

namespace ControlPlane.Tests.Api;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task ServeListensOnTheGivenUrlAnswersHealthzAndStopsCleanlyOnCancel()
    {
        await using var es = await FakeElasticsearch.StartAsync();
        var root = KibanaTestSupport.ScratchRoot(); // no sources: nothing for a scheduler to run
        var output = new ServeOutput();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var run = RootCommandFactory.Create()
            .Parse(["serve", "--urls", "http://127.0.0.1:0", "--es-url", es.Url.ToString(), "--root", root.Path])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() }, stop.Token);

        var url = await output.Serving.Task.WaitAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Success, await run.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    /// <summary>Captures serve's output and completes with the first address it prints.</summary>
    private sealed class ServeOutput : TextWriter
    {
        private readonly StringBuilder _line = new();
        public TaskCompletionSource<string> Serving { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value != '\n') { _line.Append(value); return; }
                var line = _line.ToString().Trim();
                _line.Clear();
                if (line.StartsWith("serving on ", StringComparison.Ordinal)) Serving.TrySetResult(line["serving on ".Length..].Split(',')[0].Trim());
            }
        }
    }
}
