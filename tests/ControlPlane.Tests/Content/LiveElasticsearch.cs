using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Configuration;
using ControlPlane.Elastic;
using ControlPlane.Http;
using Microsoft.Extensions.Configuration;

namespace ControlPlane.Tests.Content;

/// <summary>A client for the cluster of <c>ES_URL</c>, with the same auth settings the control plane reads (ES_API_KEY, ES_USERNAME…).</summary>
internal static class LiveElasticsearch
{
    public static ElasticsearchGateway Connect()
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var options = new RestTransportOptions { MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(200) };
        ConnectionOptionsSetup.Bind(config, "ES_", options);
        return TestSupport.TestClients.Elasticsearch(options);
    }

    /// <summary>
    /// Creates an index with the settings and mappings apply's index would end up with (its template applied), without
    /// installing the template; <paramref name="defaultPipeline"/> replaces the template's, so a test pipeline can stand in.
    /// </summary>
    public static Task CreateIndexAsync(ElasticsearchGateway es, string index, DesiredIndex like, string? defaultPipeline, CancellationToken ct)
    {
        var settings = new JsonObject();
        foreach (var (name, value) in like.EffectiveSettings.Where(s => s.Key != "index.default_pipeline"))
            settings[name] = value?.DeepClone();
        if (defaultPipeline is not null) settings["index.default_pipeline"] = defaultPipeline;
        // Without our _meta: a throwaway test index must never look like something plan manages.
        var mappings = (JsonObject)like.EffectiveMappings.DeepClone();
        mappings.Remove("_meta");
        var body = new JsonObject { ["settings"] = settings, ["mappings"] = mappings };
        return es.SendOrThrowAsync(HttpMethod.Put, index, body, ct, $"creating test index {index} like {like.Name}");
    }

    /// <summary>Indexes documents and refreshes; fails with every rejected document's reason.</summary>
    public static async Task IndexAsync(ElasticsearchGateway es, string index, IEnumerable<JsonObject> docs, CancellationToken ct)
    {
        var ndjson = new StringBuilder();
        foreach (var doc in docs)
            ndjson.Append(new JsonObject { ["index"] = new JsonObject { ["_index"] = index } }.ToJsonString()).Append('\n')
                .Append(doc.ToJsonString()).Append('\n');
        var response = await es.BulkAsync(Encoding.UTF8.GetBytes(ndjson.ToString()), ct, refresh: "true");
        var rejected = response.Items.Where(i => !i.IsSuccess).Select(i => $"{i.Status} {i.ErrorType}: {i.ErrorReason}").ToList();
        Assert.True(rejected.Count == 0, $"{index} rejected documents:\n" + string.Join("\n", rejected));
    }

    public static async Task DeleteQuietlyAsync(ElasticsearchGateway es, string path)
    {
        try { await es.SendAsync(HttpMethod.Delete, path, null, CancellationToken.None); }
        catch (RestException) { /* best effort: a leftover test index does not hide the test's own failure */ }
    }
}
