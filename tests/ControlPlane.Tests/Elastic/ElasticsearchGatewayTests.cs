using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Http;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Elastic;

public sealed class ElasticsearchGatewayTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;
    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();
    public async Task DisposeAsync() => await _es.DisposeAsync();

    [Fact]
    public async Task ClusterVersionIsReadThroughTheOfficialClient()
    {
        var info = await TestClients.Elasticsearch(_es.Url).GetClusterInfoAsync(default);
        Assert.Equal(new Version(9, 5, 5), info.Version);
        Assert.Equal("fake-cluster", info.ClusterName);
    }

    [Fact]
    public async Task TheClientSpeaksElasticsearch9MediaTypes()
    {
        await TestClients.Elasticsearch(_es.Url).GetClusterInfoAsync(default);
        await TestClients.Elasticsearch(_es.Url).BulkAsync(Encoding.UTF8.GetBytes("{\"index\":{\"_index\":\"s\",\"_id\":\"a\"}}\n{\"x\":1}\n"), default);
        var info = _es.Requests.First(r => r.Path == "");
        Assert.Contains("compatible-with=9", info.Accept);
        var bulk = _es.Requests.First(r => r.Path == "_bulk");
        Assert.StartsWith("application/vnd.elasticsearch+x-ndjson", bulk.ContentType);
        Assert.Contains("compatible-with=9", bulk.ContentType);
    }

    [Fact]
    public async Task AnEightXClusterIsRefusedWithWhatToDo()
    {
        _es.Version = "8.19.5";
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestClients.Elasticsearch(_es.Url).GetClusterInfoAsync(default));
        Assert.Contains("Elasticsearch 8.19.5", ex.Message);
        Assert.Contains("upgrade the cluster to 9.0", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task AServerWithoutTheElasticsearchProductHeaderIsRefused()
    {
        _es.ActsAsAnotherProduct = true;
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestClients.Elasticsearch(_es.Url).GetClusterInfoAsync(default));
        Assert.Contains("is not Elasticsearch", ex.Message);
        Assert.Contains(_es.Url.Authority, ex.Message);
    }

    [Fact]
    public async Task NineXClustersAreSupported()
    {
        _es.Version = "9.1.0-SNAPSHOT";
        Assert.Equal(new Version(9, 1, 0), (await TestClients.Elasticsearch(_es.Url).GetClusterInfoAsync(default)).Version);
    }

    [Fact]
    public async Task TooManyRequestsIsRetriedUntilSuccess()
    {
        _es.FailNext("GET", "", 429, times: 2, type: "es_rejected_execution_exception", reason: "rejected execution");
        var info = await TestClients.Elasticsearch(_es.Url).GetClusterInfoAsync(default);
        Assert.Equal("fake-cluster", info.ClusterName);
        Assert.Equal(3, _es.CountRequests("GET", ""));
    }

    [Fact]
    public async Task BadRequestIsNotRetriedAndCarriesElasticsearchsReason()
    {
        _es.FailNext("PUT", "my-index", 400, type: "mapper_parsing_exception", reason: "unknown type [keywrd]");
        var client = TestClients.Elasticsearch(_es.Url);
        var ex = await Assert.ThrowsAsync<RestException>(() => client.SendOrThrowAsync(HttpMethod.Put, "my-index", new JsonObject(), default, "index my-index"));
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("mapper_parsing_exception", ex.ErrorType);
        Assert.Contains("index my-index", ex.Message);
        Assert.Contains("unknown type [keywrd]", ex.Message);
        Assert.Equal(1, _es.CountRequests("PUT", "my-index"));
    }

    [Fact]
    public async Task RetriesStopAfterTheLimitWithTheLastAnswer()
    {
        _es.FailNext("GET", "", 503, times: 10, type: "unavailable", reason: "node shutting down");
        var client = TestClients.Elasticsearch(_es.Url, maxRetries: 2);
        var ex = await Assert.ThrowsAsync<RestException>(() => client.GetClusterInfoAsync(default));
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(3, _es.CountRequests("GET", ""));
    }

    [Fact]
    public async Task UnreachableServerIsReportedWithItsAddress()
    {
        var client = TestClients.Elasticsearch(new Uri("http://127.0.0.1:1/"), maxRetries: 1);
        var ex = await Assert.ThrowsAsync<RestException>(() => client.GetClusterInfoAsync(default));
        Assert.Equal(0, ex.StatusCode);
        Assert.Contains("127.0.0.1:1", ex.Message);
    }

    [Fact]
    public async Task MissingDocumentIsNullNotAnError()
    {
        Assert.Null(await TestClients.Elasticsearch(_es.Url).GetOrNullAsync("nothing/_doc/1", default));
    }

    [Fact]
    public async Task BulkAnswersAreReadItemByItem()
    {
        _es.BulkItemFault = c => c.Id == "b" ? (429, "es_rejected_execution_exception", "queue full") : null;
        var ndjson = Encoding.UTF8.GetBytes("""
            {"index":{"_index":"s","_id":"a"}}
            {"x":1}
            {"index":{"_index":"s","_id":"b"}}
            {"x":2}
            {"delete":{"_index":"s","_id":"c"}}

            """);
        var response = await TestClients.Elasticsearch(_es.Url).BulkAsync(ndjson, default);
        Assert.True(response.Errors);
        // In the order sent, without _id: the gateway asks only for status and error (filter_path), so items are matched by position.
        Assert.Equal([("index", 201), ("index", 429), ("delete", 404)], response.Items.Select(i => (i.Action, i.Status)));
        Assert.All(response.Items, i => Assert.Null(i.Id));
        Assert.True(response.Items[0].IsSuccess);
        Assert.True(response.Items[1].IsRetryable);
        Assert.Equal("queue full", response.Items[1].ErrorReason);
        Assert.Equal(404, response.Items[2].Status);
        Assert.False(response.Items[2].IsRetryable);
    }
}
