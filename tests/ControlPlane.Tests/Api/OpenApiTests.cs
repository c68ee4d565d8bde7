using System.Text.Json.Nodes;
using ControlPlane.Tests.Fakes;

namespace ControlPlane.Tests.Api;

public sealed class OpenApiTests
{
    [Fact]
    public async Task TheDocumentDescribesEveryEndpointWithItsParametersAndProblems()
    {
        await using var es = await FakeElasticsearch.StartAsync();
        await using var api = await ApiTestServer.StartAsync(es.Url);

        var doc = JsonNode.Parse(await api.Client.GetStringAsync("openapi.json"))!;

        var paths = doc["paths"]!.AsObject();
        Assert.Equal(["/api/sales", "/api/fraud", "/api/stores/{store_id}/aov/daily", "/api/stores/{store_id}/aov/weekly", "/healthz", "/healthz/detail"], paths.Select(p => p.Key));
        string[] Parameters(string path) => paths[path]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.ToString()).ToArray();
        Assert.Equal(["store_id", "platform", "card_fingerprint", "min_amount", "max_amount", "from", "to", "size", "search_after"], Parameters("/api/sales"));
        Assert.Equal(["store_id", "from", "to", "size", "search_after"], Parameters("/api/fraud"));
        Assert.Equal(["store_id", "from", "to"], Parameters("/api/stores/{store_id}/aov/weekly"));
        var responses = paths["/api/sales"]!["get"]!["responses"]!.AsObject().Select(r => r.Key).Order().ToList();
        Assert.Equal(["200", "400", "401", "429", "502", "503"], responses);
        Assert.Contains("card_masked", doc["components"]!.ToJsonString());
        var scheme = doc["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme["type"]!.ToString(), scheme["in"]!.ToString(), scheme["name"]!.ToString()));
        Assert.True(paths["/api/fraud"]!["get"]!["security"]![0]!.AsObject().ContainsKey("ApiKey"));
        Assert.Null(paths["/healthz"]!["get"]!["security"]);
    }
}
