using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Content;

/// <summary>
/// Each golden case of <c>pipelines/tests/platform-sales/</c> run through the pipeline offline: the output is the
/// expected document plus an ingested_at stamped with the ingest time. The live tests check the same cases on a
/// real cluster.
/// </summary>
public sealed class PipelineGoldenTests
{
    private static readonly DateTimeOffset IngestTime = new(2026, 11, 21, 5, 6, 7, 890, TimeSpan.Zero);

    public static TheoryData<string> Cases() => new(RepositoryAssets.GoldenCases("platform-sales").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Cases))]
    public void GoldenCaseComesOutAsExpected(string file)
    {
        var golden = JsonNode.Parse(File.ReadAllText(RepositoryAssets.Combine("pipelines", "tests", "platform-sales", file)))!.AsObject();
        var pipeline = RepositoryAssets.Pipeline("platform-sales").Body;

        var output = PipelineSimulator.Run(pipeline, golden["input"]!.AsObject(), IngestTime);

        Assert.Equal("2026-11-21T05:06:07.8900000Z", output["ingested_at"]?.GetValue<string>());
        output.Remove("ingested_at");
        Assert.True(JsonNode.DeepEquals(golden["expected"], output), $"{file}: expected\n{golden["expected"]}\nbut the pipeline gives\n{output}");
    }

    [Fact]
    public void AFailingProcessorIsNamedByItsTagAndTheSaleIsKept()
    {
        var pipeline = RepositoryAssets.Pipeline("platform-sales").Body;
        var input = new JsonObject { ["sale_id"] = "platform_sales-1", ["platform"] = "POS", ["store_id"] = true };

        var output = PipelineSimulator.Run(pipeline, input, IngestTime);

        Assert.Equal("trim-store-id", output["ingest_error"]?["processor"]?.GetValue<string>());
        Assert.Equal("field [store_id] of type [java.lang.Boolean] cannot be cast to [java.lang.String]", output["ingest_error"]?["message"]?.GetValue<string>());
        Assert.Equal("pos", output["platform"]?.GetValue<string>()); // processors before the failure did their work
        Assert.NotNull(output["ingested_at"]);
    }
}
