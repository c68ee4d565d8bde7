using System.Text;
using ControlPlane.Elastic;

namespace ControlPlane.Tests.Elastic;

/// <summary>
/// Reading a <c>_bulk</c> answer as Elasticsearch writes it: <c>took</c>, <c>errors</c> and an <c>items</c> array of one
/// action each, in the order sent (https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-bulk, "Response").
/// </summary>
public sealed class BulkResponseReaderTests
{
    private static BulkResponse Read(string json) => BulkResponseReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void ItemsComeInOrderWithTheirActionStatusAndError()
    {
        var answer = Read("""
            {"took":30,"errors":true,"items":[
              {"index":{"_index":"s-v1","_id":"a","_version":1,"result":"created","_shards":{"total":1},"status":201,"_seq_no":0}},
              {"create":{"_index":"s-v1","_id":"b","status":409,"error":{"type":"version_conflict_engine_exception","reason":"[b]: version conflict","index":"s-v1"}}},
              {"delete":{"status":404}}
            ]}
            """);

        Assert.Equal((true, 30L), (answer.Errors, answer.TookMs));
        Assert.Equal(
            [("index", "s-v1", "a", 201, null, null), ("create", "s-v1", "b", 409, "version_conflict_engine_exception", "[b]: version conflict"), ("delete", null, null, 404, null, null)],
            answer.Items.Select(i => (i.Action, i.Index, i.Id, i.Status, i.ErrorType, i.ErrorReason)));
    }

    [Fact]
    public void AnErrorsCauseIsAddedToItsReason()
    {
        var item = Read("""{"errors":true,"items":[{"index":{"status":400,"error":{"type":"document_parsing_exception","reason":"[1:10] failed to parse field [amount_sale]","caused_by":{"type":"number_format_exception","reason":"For input string: \"x\""}}}}]}""").Items.Single();

        Assert.Equal("[1:10] failed to parse field [amount_sale] (caused by: For input string: \"x\")", item.ErrorReason);
    }

    [Fact]
    public void AnErrorWithoutAReasonIsKeptWhole()
    {
        var items = Read("""{"errors":true,"items":[{"index":{"status":500,"error":{"type":"x"}}},{"index":{"status":503,"error":"unavailable"}}]}""").Items;

        Assert.Equal([("x", """{"type":"x"}"""), (null, "unavailable")], items.Select(i => (i.ErrorType, i.ErrorReason)));
    }

    [Fact]
    public void AFilteredAnswerWithoutTookOrIdsReadsTheSame()
    {
        // What filter_path=took,errors,items.*.status,items.*.error leaves of a successful answer.
        var answer = Read("""{"errors":false,"items":[{"index":{"status":200}},{"index":{"status":201}}]}""");

        Assert.Equal([200, 201], answer.Items.Select(i => i.Status));
        Assert.False(answer.Errors);
    }
}
