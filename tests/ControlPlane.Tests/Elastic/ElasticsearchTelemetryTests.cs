using System.Diagnostics;
using ControlPlane.Elastic;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace ControlPlane.Tests.Elastic;

/// <summary>Every Elasticsearch request is a span of ActivitySource Elastic.Transport; exporting them is opt-in.</summary>
public sealed class ElasticsearchTelemetryTests
{
    [Fact]
    public async Task EachRequestIsASpanOfTheElasticTransportSource()
    {
        await using var es = await FakeElasticsearch.StartAsync();
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ElasticsearchServiceCollectionExtensions.TransportActivitySource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            // Other tests run in parallel with clients of their own: keep only the spans of requests to this fake.
            ActivityStopped = a => { if (a.GetTagItem("url.full")?.ToString()?.StartsWith(es.Url.ToString(), StringComparison.Ordinal) == true) lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);

        var client = TestClients.Elasticsearch(es.Url);
        await client.GetClusterInfoAsync(default);
        await client.SearchAsync(IndexNames.Sales, new System.Text.Json.Nodes.JsonObject { ["size"] = 0 }, "a search", default);

        lock (spans)
        {
            Assert.Equal(2, spans.Count);
            Assert.All(spans, s => Assert.Equal("elasticsearch", s.GetTagItem("db.system")));
            Assert.Equal(["GET", "POST"], spans.Select(s => s.GetTagItem("http.request.method")?.ToString()).Order());
        }
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317", true)]
    [InlineData("OTEL_TRACES_EXPORTER", "console", true)]
    public void TracesAreExportedOnlyWhenAnExporterIsConfigured(string? name, string? value, bool exported)
    {
        var settings = new Dictionary<string, string?>();
        if (name is not null) settings[name] = value;
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddElasticsearchServices(config).AddSingleton(TimeProvider.System).BuildServiceProvider();
        Assert.Equal(exported, services.GetService<TracerProvider>() is not null);
    }
}
