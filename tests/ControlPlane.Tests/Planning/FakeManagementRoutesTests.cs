using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Planning;

/// <summary>
/// The fake's management routes answer with Elasticsearch's statuses and error types, so the engine's error paths (and
/// other areas' tests that use these routes) are exercised against the answers a real cluster gives.
/// </summary>
public sealed class FakeManagementRoutesTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;
    private ElasticsearchGateway _client = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearch.StartAsync();
        _client = TestClients.Elasticsearch(_es.Url);
        await Put("_component_template/fields", """{"template":{"settings":{"number_of_shards":1},"mappings":{"properties":{"store_id":{"type":"keyword"},"amount":{"type":"scaled_float","scaling_factor":100}}}}}""");
        await Put("_index_template/sales", """{"index_patterns":["sales-*"],"priority":200,"composed_of":["fields"],"template":{"settings":{"index.default_pipeline":"p"}}}""");
        await Put("sales-v1", """{"aliases":{"sales":{"is_write_index":true}}}""");
    }

    public async Task DisposeAsync() => await _es.DisposeAsync();

    private async Task<(int Status, JsonNode? Body)> Send(HttpMethod method, string path, string? body = null)
    {
        var response = await _client.SendAsync(method, path, body is null ? null : JsonNode.Parse(body), default);
        return (response.StatusCode, response.Body);
    }

    private async Task Put(string path, string body) => Assert.Equal(200, (await Send(HttpMethod.Put, path, body)).Status);

    [Fact]
    public async Task AnOverlappingTemplateOfTheSamePriorityIsRefusedAsElasticsearchDoes()
    {
        // The expected message is the one MetadataIndexTemplateServiceTests asserts for the same case.
        await Put("_index_template/foo", """{"index_patterns":["egg*","baz"],"priority":1}""");

        var refused = await Send(HttpMethod.Put, "_index_template/foo2", """{"index_patterns":["abc","baz*"],"priority":1}""");

        Assert.Equal((400, "illegal_argument_exception"), (refused.Status, refused.Body!["error"]!["type"]!.ToString()));
        Assert.Equal("index template [foo2] has index patterns [abc, baz*] matching patterns from existing templates [foo] with patterns (foo => [egg*, baz]) "
            + "that have the same priority [1], multiple index templates may not match during index creation, please use a different priority",
            refused.Body["error"]!["reason"]!.ToString());
        await Put("_index_template/foo2", """{"index_patterns":["abc","baz*"],"priority":2}""");
    }

    [Fact]
    public async Task MissingObjectsAnswer404WithElasticsearchsErrorTypes()
    {
        var template = await Send(HttpMethod.Get, "_component_template/nope");
        Assert.Equal((404, "resource_not_found_exception"), (template.Status, template.Body!["error"]!["type"]!.ToString()));
        Assert.Equal(404, (await Send(HttpMethod.Get, "_ingest/pipeline")).Status);
        Assert.Equal(404, (await Send(HttpMethod.Get, "_ilm/policy/nope")).Status);
        Assert.Equal(404, (await Send(HttpMethod.Get, "_transform/nope")).Status);
        Assert.Equal(404, (await Send(HttpMethod.Delete, "_index_template/nope")).Status);
        var wildcard = await Send(HttpMethod.Get, "_component_template/nothing-*");
        Assert.Equal(200, wildcard.Status);
        Assert.Empty(wildcard.Body!["component_templates"]!.AsArray());
    }

    [Fact]
    public async Task AnIndexCreatedUnderATemplateGetsItsSettingsAndMappingsAsTheMappersWriteThem()
    {
        var index = (await Send(HttpMethod.Get, "sales-v1")).Body!["sales-v1"]!;
        Assert.Equal("p", index["settings"]!["index"]!["default_pipeline"]!.ToString());
        Assert.Equal("1", index["settings"]!["index"]!["number_of_shards"]!.ToString());
        Assert.NotNull(index["settings"]!["index"]!["uuid"]);
        Assert.Equal("100.0", index["mappings"]!["properties"]!["amount"]!["scaling_factor"]!.ToJsonString());
        var template = (await Send(HttpMethod.Get, "_component_template/fields")).Body!["component_templates"]![0]!["component_template"]!;
        Assert.Equal("1", template["template"]!["settings"]!["index"]!["number_of_shards"]!.ToString());
    }

    [Fact]
    public async Task TemplatesInUseAndMissingComponentsAreRefused()
    {
        var inUse = await Send(HttpMethod.Delete, "_component_template/fields");
        Assert.Equal(400, inUse.Status);
        Assert.Contains("still in use by index templates [sales]", inUse.Body!["error"]!["reason"]!.ToString());
        var missing = await Send(HttpMethod.Put, "_index_template/other", """{"index_patterns":["o-*"],"composed_of":["ghost"]}""");
        Assert.Equal((400, "invalid_index_template_exception"), (missing.Status, missing.Body!["error"]!["type"]!.ToString()));
    }

    [Fact]
    public async Task MappingUpdatesAddFieldsButNeverChangeATypeAndStaticSettingsStayFixed()
    {
        Assert.Equal(200, (await Send(HttpMethod.Put, "sales-v1/_mapping", """{"properties":{"rule_id":{"type":"keyword"}}}""")).Status);
        var typeChange = await Send(HttpMethod.Put, "sales-v1/_mapping", """{"properties":{"store_id":{"type":"long"}}}""");
        Assert.Equal(400, typeChange.Status);
        Assert.Contains("cannot be changed from type [keyword] to [long]", typeChange.Body!["error"]!["reason"]!.ToString());
        Assert.Equal(200, (await Send(HttpMethod.Put, "sales-v1/_settings", """{"index.refresh_interval":"5s"}""")).Status);
        Assert.Equal(400, (await Send(HttpMethod.Put, "sales-v1/_settings", """{"index":{"number_of_shards":2}}""")).Status);
    }

    [Fact]
    public async Task TransformsFollowElasticsearchsLifecycleRules()
    {
        const string body = """{"source":{"index":"sales"},"dest":{"index":"daily-v1"},"sync":{"time":{"field":"t"}},"pivot":{"group_by":{"s":{"terms":{"field":"store_id"}}},"aggs":{"n":{"value_count":{"field":"store_id"}}}}}""";
        Assert.Equal(200, (await Send(HttpMethod.Put, "_transform/daily-v1", body)).Status);
        var again = await Send(HttpMethod.Put, "_transform/daily-v1", body);
        Assert.Equal((409, "resource_already_exists_exception"), (again.Status, again.Body!["error"]!["type"]!.ToString()));
        Assert.Equal(400, (await Send(HttpMethod.Put, "_transform/orphan", body.Replace("\"index\":\"sales\"", "\"index\":\"missing\""))).Status);

        var config = (await Send(HttpMethod.Get, "_transform/daily-v1")).Body!["transforms"]![0]!;
        Assert.Equal(["id", "authorization", "version", "create_time", "source", "dest", "sync", "pivot", "settings"], config.AsObject().Select(kv => kv.Key));
        Assert.Equal("60s", config["sync"]!["time"]!["delay"]!.ToString());
        Assert.NotNull(config["pivot"]!["aggregations"]);

        Assert.Equal(409, (await Send(HttpMethod.Post, "_transform/daily-v1/_schedule_now")).Status);
        Assert.Equal(200, (await Send(HttpMethod.Post, "_transform/daily-v1/_start")).Status);
        Assert.True(_es.Indices.ContainsKey("daily-v1"), "start creates a missing destination");
        Assert.Equal(409, (await Send(HttpMethod.Post, "_transform/daily-v1/_start")).Status);
        Assert.Equal(200, (await Send(HttpMethod.Post, "_transform/daily-v1/_schedule_now")).Status);
        Assert.Equal("started", (await Send(HttpMethod.Get, "_transform/_all/_stats")).Body!["transforms"]![0]!["state"]!.ToString());

        var updated = await Send(HttpMethod.Post, "_transform/daily-v1/_update", """{"frequency":"5m","settings":{"max_page_search_size":200}}""");
        Assert.Equal("5m", updated.Body!["frequency"]!.ToString());
        Assert.Equal(409, (await Send(HttpMethod.Delete, "_transform/daily-v1")).Status);
        Assert.Equal(200, (await Send(HttpMethod.Post, "_transform/daily-v1/_stop")).Status);
        Assert.Equal(200, (await Send(HttpMethod.Delete, "_transform/daily-v1")).Status);
        Assert.Equal(0, (await Send(HttpMethod.Get, "_transform")).Body!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task IlmPoliciesComeBackWithTheirDefaultsAndAVersion()
    {
        await Put("_ilm/policy/keep", """{"policy":{"phases":{"hot":{"actions":{}},"delete":{"min_age":"30d","actions":{"delete":{}}}}}}""");
        await Put("_ilm/policy/keep", """{"policy":{"phases":{"hot":{"actions":{}},"delete":{"min_age":"30d","actions":{"delete":{}}}}}}""");
        var entry = (await Send(HttpMethod.Get, "_ilm/policy/keep")).Body!["keep"]!;
        Assert.Equal(2, entry["version"]!.GetValue<long>());
        Assert.Equal("0ms", entry["policy"]!["phases"]!["hot"]!["min_age"]!.ToString());
        Assert.True(entry["policy"]!["phases"]!["delete"]!["actions"]!["delete"]!["delete_searchable_snapshot"]!.GetValue<bool>());
    }
}
