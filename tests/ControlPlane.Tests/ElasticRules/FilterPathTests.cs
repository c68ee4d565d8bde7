using System.Text.Json.Nodes;
using ControlPlane.ElasticRules;

namespace ControlPlane.Tests.ElasticRules;

/// <summary>
/// <c>filter_path</c> as Elasticsearch applies it to a successful answer
/// (https://www.elastic.co/docs/reference/elasticsearch/rest-apis/common-options#common-options-response-filtering):
/// dotted paths, <c>*</c> for any one key, arrays traversed element by element.
/// </summary>
public sealed class FilterPathTests
{
    private const string BulkAnswer = """
        {"took":3,"errors":true,"items":[
          {"index":{"_index":"s-v1","_id":"a","_version":1,"result":"created","status":201}},
          {"create":{"_index":"s-v1","_id":"b","status":409,"error":{"type":"version_conflict_engine_exception","reason":"x"}}}
        ]}
        """;

    [Fact]
    public void TheLoadersBulkFilterKeepsEachItemsStatusAndErrorUnderItsAction()
    {
        var filtered = FilterPath.Parse("took,errors,items.*.status,items.*.error").Apply(JsonNode.Parse(BulkAnswer))!;

        Assert.Equal("""{"took":3,"errors":true,"items":[{"index":{"status":201}},{"create":{"status":409,"error":{"type":"version_conflict_engine_exception","reason":"x"}}}]}""",
            filtered.ToJsonString());
    }

    [Fact]
    public void AWriterAsksPathByPathWhatIsKept()
    {
        var filter = FilterPath.Parse("took,items.*.status");

        Assert.True(filter.Keeps("took"));
        Assert.True(filter.Keeps("items")); // something below it is kept
        Assert.True(filter.Keeps("items", "delete", "status"));
        Assert.False(filter.Keeps("items", "delete", "_id"));
        Assert.False(filter.Keeps("errors"));
        Assert.True(FilterPath.Parse(null).Keeps("anything", "at", "all"));
    }

    [Fact]
    public void NothingReachedIsAnEmptyObject() =>
        Assert.Equal("{}", FilterPath.Parse("nothing.here").Apply(JsonNode.Parse(BulkAnswer))!.ToJsonString());

    [Theory]
    [InlineData("-items")]
    [InlineData("items.**.status")]
    public void ExclusionsAndDeepWildcardsAreRefusedRatherThanAnsweredWrongly(string filterPath) =>
        Assert.Equal("illegal_argument_exception", Assert.Throws<QueryParsingException>(() => FilterPath.Parse(filterPath)).Type);
}
