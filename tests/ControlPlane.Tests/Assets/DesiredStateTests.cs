using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Elastic;
using ControlPlane.Planning;
using ControlPlane.Tests.Planning;

namespace ControlPlane.Tests.Assets;

/// <summary>The bodies we send: _meta where each kind keeps it, a hash that follows the content, the order of apply.</summary>
public sealed class DesiredStateTests : IDisposable
{
    private readonly FixtureTree _tree = FixtureTree.Copy();
    public void Dispose() => _tree.Dispose();

    private DesiredState Desired() => ElasticsearchAssetCheck.LoadDesired(_tree.Root);

    [Fact]
    public void MetaIsStampedWhereEachKindKeepsIt()
    {
        var requests = Desired().EmptyClusterRequests().ToList();
        JsonNode? MetaOf(string kind, string name) =>
            requests.First(r => r.Kind == kind && r.Name == name && r.Body is not null).Body is { } body
                ? kind switch { AssetKinds.IlmPolicy => body["policy"]!["_meta"], AssetKinds.Index => body["mappings"]!["_meta"], _ => body["_meta"] }
                : null;
        foreach (var (kind, name, asset) in new[]
                 {
                     (AssetKinds.IlmPolicy, "platform-default", "platform-default"),
                     (AssetKinds.ComponentTemplate, "sales-fields", "sales-fields"),
                     (AssetKinds.IndexTemplate, "platform_sales", "platform_sales"),
                     (AssetKinds.IngestPipeline, "platform-sales", "platform-sales"),
                     (AssetKinds.Index, "platform_sales-v1", "platform_sales"),
                     (AssetKinds.Index, "platform_sales_per_price-v1", "platform_sales_per_price"),
                     (AssetKinds.Transform, "platform_sales_per_price-v1", "platform_sales_per_price"),
                 })
        {
            var meta = MetaOf(kind, name);
            Assert.Equal(IndexNames.ManagedBy, meta?["managed_by"]?.ToString());
            Assert.Equal(asset, meta?["asset"]?.ToString());
            Assert.Equal(1, meta?["asset_version"]?.GetValue<int>());
            Assert.Matches("^[0-9a-f]{64}$", meta?["content_hash"]?.ToString());
        }
    }

    [Fact]
    public void TheContentHashFollowsTheBodyNotItsFormatting()
    {
        string Hash() => Desired().Objects.Single(o => o.Name == "platform-sales").Body["_meta"]!["content_hash"]!.ToString();
        var before = Hash();
        _tree.Replace("pipelines/platform-sales.yml", "description: Stamps and normalizes every sale.", "description:   \"Stamps and normalizes every sale.\"   # same text");
        Assert.Equal(before, Hash());
        _tree.Replace("pipelines/platform-sales.yml", "field: platform\n", "field: platform_name\n");
        Assert.NotEqual(before, Hash());
    }

    [Fact]
    public void TheTransformGetsItsVersionedIdAndDestination()
    {
        var t = Desired().Transforms.Single(x => x.Alias == "platform_sales_per_price");
        Assert.Equal("platform_sales_per_price-v1", t.Id);
        Assert.Equal("platform_sales_per_price-v1", t.Body["dest"]!["index"]!.ToString());
        Assert.Equal("platform_sales_per_price-v1", t.Dest.Name);
        Assert.False(t.Dest.IsWriteIndex);
    }

    [Fact]
    public void AnIndexGetsTheMappingsAndSettingsOfItsWinningTemplate()
    {
        var index = Desired().Indices.Single();
        Assert.Equal("platform_sales", index.Template.IndexTemplate);
        Assert.Equal("scaled_float", index.EffectiveMappings["properties"]!["amount_sale"]!["type"]!.ToString());
        Assert.Equal("strict", index.EffectiveMappings["dynamic"]!.ToString());
        Assert.Equal("platform-sales", index.EffectiveSettings["index.default_pipeline"]!.ToString());
        Assert.Equal("1", index.EffectiveSettings["index.number_of_shards"]!.ToString());
        Assert.Equal(IndexNames.ManagedBy, index.EffectiveMappings["_meta"]!["managed_by"]!.ToString());
    }

    [Fact]
    public void RequestsForAnEmptyClusterComeInDependencyOrder()
    {
        var order = Desired().EmptyClusterRequests().Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.Equal(
        [
            "PUT _ilm/policy/platform-default",
            "PUT _component_template/aov-daily-fields", "PUT _component_template/common-settings", "PUT _component_template/sales-fields",
            "PUT _index_template/platform_sales", "PUT _index_template/platform_sales_per_price", "PUT _index_template/platform_sales_week_per_price",
            "PUT _ingest/pipeline/platform-sales",
            "PUT platform_sales-v1",
            "PUT platform_sales_per_price-v1", "PUT _transform/platform_sales_per_price-v1", "POST _transform/platform_sales_per_price-v1/_start",
            "PUT platform_sales_week_per_price-v1", "PUT _transform/platform_sales_week_per_price-v1", "POST _transform/platform_sales_week_per_price-v1/_start",
        ], order);
    }

    [Fact]
    public void PlanningAgainstAnEmptyClusterSendsExactlyWhatRenderWrites()
    {
        var desired = Desired();
        var plan = ElasticsearchPlanBuilder.Build(desired, LiveState.Empty);
        Assert.Equal(
            desired.EmptyClusterRequests().Select(r => $"{r.Method} {r.Path} {r.Body?.ToJsonString()}"),
            plan.Steps.Select(r => $"{r.Method} {r.Path} {r.Body?.ToJsonString()}"));
    }

    [Fact]
    public void ATransformWithStartFalseIsCreatedButNotStarted()
    {
        _tree.Replace("transforms/platform_sales_week_per_price.yml", "version: 1\n", "version: 1\nstart: false\n");
        Assert.DoesNotContain(Desired().EmptyClusterRequests(), r => r.Path == "_transform/platform_sales_week_per_price-v1/_start");
    }
}
