using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ControlPlane.Tests.Fakes;

namespace ControlPlane.Tests.Api;

public sealed class ApiSecurityTests : IAsyncLifetime
{
    private const string Key = "s3cret-key-for-tests";
    private FakeElasticsearch _es = null!;
    private ApiTestServer _api = null!;

    private static readonly string[] Endpoints =
    [
        "api/sales", "api/sales?size=1", "api/fraud", "api/stores/s1/aov/daily?from=2026-11-01&to=2026-11-30", "api/stores/s1/aov/weekly?from=2026-11-01&to=2026-11-30",
    ];

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearch.StartAsync();
        _api = await ApiTestServer.StartAsync(_es.Url, apiKey: Key);
        var leaky = SalesData.Sale(1, "s1", "pos", 900m, "2026-11-21T10:00:00.000+09:00", leakCard: true);
        await SalesData.IndexSalesAsync(_es, "platform_sales", [leaky, SalesData.Sale(2, "s1", "pos", 9m, "2026-11-21T11:00:00.000+09:00", leakCard: true)]);
        await SalesData.IndexSalesAsync(_es, "platform_fraud_sales", [SalesData.Flagged(leaky)]);
        var aov = new JsonObject { ["store_id"] = "s1", ["date"] = "2026-11-21", ["total_sale"] = 909.0, ["num_customer"] = 1, ["unit_price"] = 909.0, ["week_aov"] = 909.0, ["card_number"] = SalesData.RawCard };
        await SalesData.IndexAsync(_es, "platform_sales_per_price", [("s1-21", aov)]);
        await SalesData.IndexAsync(_es, "platform_sales_week_per_price", [("s1-21", aov)]);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _es.DisposeAsync();
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return _api.Client.SendAsync(request);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("s3cret-key-for-test")]
    [InlineData("S3CRET-KEY-FOR-TESTS")]
    public async Task WithoutTheRightKeyEveryApiEndpointIs401Problem(string? key)
    {
        foreach (var path in Endpoints)
        {
            var response = await GetAsync(path, key);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("X-Api-Key", await response.Content.ReadAsStringAsync());
        }
        Assert.DoesNotContain(_es.Requests, r => r.Path.EndsWith("_search", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthStatusPageAndOpenApiStayOpen()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("healthz", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("openapi.json", null)).StatusCode);
    }

    [Fact]
    public async Task NoAnswerEverCarriesACardNumberOrACardNumberField()
    {
        foreach (var path in Endpoints)
        {
            var response = await GetAsync(path, Key);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {body}");
            Assert.NotEqual("""{"items":[]}""", body.Replace(",\"next\":null", ""));
            Assert.DoesNotContain(SalesData.RawCard, body);
            Assert.DoesNotContain("card_number", body);
        }
        Assert.DoesNotContain("card_number", await (await GetAsync("openapi.json", null)).Content.ReadAsStringAsync());
    }
}

public sealed class ElasticsearchDownTests
{
    private static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    [Fact]
    public async Task ApiIs503AndHealthzIs503NamingElasticsearchWhenItIsUnreachable()
    {
        await using var api = await ApiTestServer.StartAsync(ClosedPort());

        var search = await api.Client.GetAsync("api/sales");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, search.StatusCode);
        Assert.Equal("application/problem+json", search.Content.Headers.ContentType?.MediaType);
        Assert.Contains("unreachable", JsonNode.Parse(await search.Content.ReadAsStringAsync())!["detail"]!.ToString());

        var health = await api.Client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var report = JsonNode.Parse(await health.Content.ReadAsStringAsync())!;
        Assert.Equal("unavailable", report["status"]!.ToString());
        Assert.Equal("elasticsearch", report["failed"]!.ToString());
        Assert.Contains("unreachable", report["reason"]!.ToString());
    }

    [Fact]
    public async Task HealthzAnswersWithTheClusterWhenElasticsearchIsUp()
    {
        await using var es = await FakeElasticsearch.StartAsync();
        await using var api = await ApiTestServer.StartAsync(es.Url);

        var response = await api.Client.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok","cluster_name":"fake-cluster","elasticsearch_version":"9.5.5","failed":null,"reason":null}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthzReportsAFailingClusterAtOnceInsteadOfRetrying()
    {
        await using var es = await FakeElasticsearch.StartAsync();
        await using var api = await ApiTestServer.StartAsync(es.Url, overrides: new Dictionary<string, string?> { ["ES_MAX_RETRIES"] = "5", ["ES_RETRY_BASE_DELAY_MS"] = "2000" });
        es.FailNext("GET", "", 503, times: 1, type: "master_not_discovered_exception", reason: "no master");

        var response = await api.Client.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("no master", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, es.CountRequests("GET", ""));
    }
}
