using System.Net;
using System.Text.Json.Nodes;
using ControlPlane.Tests.Fakes;

namespace ControlPlane.Tests.Api;

/// <summary>
/// The API's safe defaults with API_KEY set: requests are rate-limited per caller (429 with Retry-After), the status page
/// shows a caller without the key only a summary, and /healthz/detail needs the key. /healthz stays open for probes.
/// </summary>
public sealed class ApiDefaultsTests : IAsyncLifetime
{
    private const string Key = "s3cret-key-for-tests";
    private FakeElasticsearch _es = null!;
    private ApiTestServer _api = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearch.StartAsync();
        _api = await ApiTestServer.StartAsync(_es.Url, apiKey: Key, overrides: new Dictionary<string, string?>
        {
            ["API_RATE_LIMIT_PERMITS"] = "3", ["API_RATE_LIMIT_WINDOW_SECONDS"] = "60",
        });
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

    [Fact]
    public async Task AKeyOverItsLimitGets429WithRetryAfterWhileOtherCallersAndProbesGoOn()
    {
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await GetAsync("api/sales", Key)).StatusCode);

        var limited = await GetAsync("api/sales", Key);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync("", Key)).StatusCode); // the status page counts too
        // A caller without the key is its own partition (its address): it is told 401, not 429.
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("api/sales", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("healthz", null)).StatusCode);
    }

    [Fact]
    public async Task WithoutTheKeyTheStatusPageIsASummaryWithoutNamesOrErrors()
    {
        // A source whose last run failed with an error naming a host: the full page shows it, the summary must not.
        await SalesData.IndexAsync(_es, "platform_loader_state", [("platform_sales", new JsonObject
        {
            ["source"] = "platform_sales", ["last_run_status"] = "failed", ["last_error"] = "db-primary.internal:3306 refused the connection",
        })]);

        var summary = await (await GetAsync("", null)).Content.ReadAsStringAsync();
        var full = await (await GetAsync("", Key)).Content.ReadAsStringAsync();

        Assert.Contains("id=\"summary-sources\">Sources: 2 (1 failed, 1 never run)", summary);
        Assert.Contains("X-Api-Key", summary);
        Assert.DoesNotContain("db-primary.internal", summary);
        Assert.DoesNotContain("platform_sales", summary);
        Assert.DoesNotContain("id=\"sources\"", summary);
        Assert.Contains("db-primary.internal:3306 refused the connection", full);
        Assert.Contains("data-source=\"platform_sales\"", full);
    }

    [Fact]
    public async Task HealthDetailNeedsTheKeyAndHealthzDoesNot()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("healthz/detail", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("healthz/detail", Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("healthz", null)).StatusCode);
    }
}
