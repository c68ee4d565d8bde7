using System.CommandLine;
using System.Net;
using System.Text;
using ControlPlane.Cli;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.Kibana;
using Microsoft.Extensions.Configuration;

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

    [Fact]
    public async Task WithoutAnApiKeyServeRefusesToListenBeyondLoopback()
    {
        await using var es = await FakeElasticsearch.StartAsync();
        var root = KibanaTestSupport.ScratchRoot();
        var error = new StringWriter();

        var code = await RootCommandFactory.Create(new Dictionary<string, string?> { ["API_KEY"] = "" })
            .Parse(["serve", "--urls", "http://0.0.0.0:0", "--es-url", es.Url.ToString(), "--root", root.Path])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(ExitCodes.Error, code);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("serve: refusing to serve an open API on http://0.0.0.0:0: API_KEY is not set", line);
        Assert.Contains("--allow-anonymous", line);
    }

    [Theory]
    [InlineData("", true)]       // told to serve anonymously
    [InlineData("a-key", false)] // the API needs a key
    public async Task ANonLoopbackAddressIsServedWithAnApiKeyOrWhenAnonymousIsAllowed(string apiKey, bool allowAnonymous)
    {
        await using var es = await FakeElasticsearch.StartAsync();
        var root = KibanaTestSupport.ScratchRoot();
        var output = new ServeOutput();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        string[] args = ["serve", "--urls", "http://0.0.0.0:0", "--es-url", es.Url.ToString(), "--root", root.Path];

        var run = RootCommandFactory.Create(new Dictionary<string, string?> { ["API_KEY"] = apiKey })
            .Parse(allowAnonymous ? [.. args, "--allow-anonymous"] : args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() }, stop.Token);

        var url = await output.Serving.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("http://0.0.0.0:", url);
        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Success, await run.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Theory]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://127.0.0.1:0", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://10.1.2.3:8080", false)]
    [InlineData("http://api.example.com:8080", false)]
    public void OnlyLoopbackAddressesCountAsLoopback(string url, bool loopback) =>
        Assert.Equal(loopback, ControlPlane.Api.AnonymousListening.IsLoopback(url));

    [Fact]
    public void PortsWithoutAnAddressListenEverywhereAndSoAreNotLoopback()
    {
        // ASPNETCORE_HTTP_PORTS (set by the official ASP.NET container images) binds every address:
        // https://learn.microsoft.com/aspnet/core/fundamentals/servers/kestrel/endpoints#configure-endpoints
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["http_ports"] = "8080" }).Build();

        var urls = ControlPlane.Api.AnonymousListening.ConfiguredUrls(config);

        Assert.Equal("http://*:8080", ControlPlane.Api.AnonymousListening.FirstNonLoopback(urls));
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
