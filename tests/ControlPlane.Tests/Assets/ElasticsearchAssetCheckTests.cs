using ControlPlane.Assets;
using ControlPlane.Tests.Planning;

namespace ControlPlane.Tests.Assets;

/// <summary>validate's Elasticsearch check: each problem is reported once, as <c>file:line: message</c> at the line that holds it.</summary>
public sealed class ElasticsearchAssetCheckTests : IDisposable
{
    private readonly FixtureTree _tree = FixtureTree.Copy();
    public void Dispose() => _tree.Dispose();

    private List<string> Check() => new ElasticsearchAssetCheck().Check(_tree.Root).Select(d => d.ToString()).ToList();

    [Fact]
    public void TheFixtureTreeIsClean() => Assert.Empty(Check());

    [Fact]
    public void ASchemaTypoIsReportedAtItsLineWithItsBodyPath()
    {
        _tree.Replace("pipelines/platform-sales.yml", "    - set:\n        tag: stamp-ingested-at", "    - sett:\n        tag: stamp-ingested-at");
        var problem = Assert.Single(Check());
        Assert.StartsWith("pipelines/platform-sales.yml:8: body.processors[0].sett: unknown key 'sett'", problem);
    }

    [Fact]
    public void AnOptionTypoInsideAProcessorIsReportedAtItsLine()
    {
        _tree.Replace("pipelines/platform-sales.yml", "        ignore_missing: true\n    - trim:", "        ignore_mising: true\n    - trim:");
        Assert.Contains(Check(), p => p.StartsWith("pipelines/platform-sales.yml:16: body.processors[1].lowercase.ignore_mising: unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingRequiredFieldIsReported()
    {
        _tree.Replace("elastic-assets/component-templates/common-settings.yml", "version: 1\n", "");
        Assert.Equal(["elastic-assets/component-templates/common-settings.yml:1: missing required field 'version'"], Check());
    }

    [Fact]
    public void UnknownTopLevelKeysAWrongKindAndANameThatIsNotTheFileNameAreReported()
    {
        _tree.Write("elastic-assets/indices/platform_sales.yml", "kind: index_template\nname: sales\nversion: 1\nbodyy: {}\n");
        var problems = Check();
        Assert.Contains("elastic-assets/indices/platform_sales.yml:4: unknown top-level key 'bodyy' (allowed: kind, name, version, description, body)", problems);
        Assert.Contains("elastic-assets/indices/platform_sales.yml:1: kind 'index_template' does not belong in elastic-assets/indices/ (expected 'index')", problems);
        Assert.Contains("elastic-assets/indices/platform_sales.yml:2: name 'sales' must equal the file name 'platform_sales'", problems);
    }

    [Fact]
    public void AVersionThatIsNotAPositiveIntegerIsReported()
    {
        _tree.Replace("pipelines/platform-sales.yml", "version: 1", "version: \"1\"");
        Assert.Equal(["pipelines/platform-sales.yml:3: version must be an integer ≥ 1"], Check());
    }

    [Fact]
    public void MalformedYamlIsReportedWithItsLine()
    {
        _tree.Replace("transforms/platform_sales_per_price.yml", "  frequency: 1m", "  frequency: [1m");
        var problem = Assert.Single(Check(), p => p.StartsWith("transforms/platform_sales_per_price.yml:", StringComparison.Ordinal));
        Assert.Matches(@"^transforms/platform_sales_per_price\.yml:(9|1\d): \S", problem);
    }

    [Fact]
    public void ADanglingComposedOfIsReportedAtTheListItem()
    {
        _tree.Replace("elastic-assets/index-templates/platform_sales.yml", "[common-settings, sales-fields]", "[common-settings, sale-fields]");
        Assert.Equal(["elastic-assets/index-templates/platform_sales.yml:7: composed_of names component template 'sale-fields', which is not defined in elastic-assets/component-templates/"], Check());
    }

    [Fact]
    public void ADefaultPipelineThatDoesNotExistIsReportedAtTheSetting()
    {
        _tree.Replace("elastic-assets/index-templates/platform_sales.yml", "default_pipeline: platform-sales", "default_pipeline: platform-sale");
        Assert.Equal(["elastic-assets/index-templates/platform_sales.yml:11: index.default_pipeline names pipeline 'platform-sale', which is not defined in pipelines/"], Check());
    }

    [Fact]
    public void AnIlmPolicyThatDoesNotExistIsReported()
    {
        _tree.Delete("elastic-assets/ilm-policies/platform-default.yml");
        Assert.Equal(["elastic-assets/index-templates/platform_sales.yml:13: index.lifecycle.name names ILM policy 'platform-default', which is not defined in elastic-assets/ilm-policies/"], Check());
    }

    [Fact]
    public void ATransformReadingAnIndexWeDoNotDefineIsReported()
    {
        _tree.Replace("transforms/platform_sales_per_price.yml", "    index: platform_sales\n", "    index: platform_sale\n");
        Assert.Equal(["transforms/platform_sales_per_price.yml:8: source.index 'platform_sale' is not an index or alias defined in elastic-assets/indices/ or transforms/ (nor a pattern matching one)"], Check());
    }

    [Fact]
    public void ATransformMayReadAPatternOfOurIndices()
    {
        _tree.Replace("transforms/platform_sales_per_price.yml", "    index: platform_sales\n", "    index: \"platform_sales-*\"\n");
        Assert.Empty(Check());
    }

    [Fact]
    public void ADestinationWithoutAnIndexTemplateIsReported()
    {
        _tree.Delete("elastic-assets/index-templates/platform_sales_week_per_price.yml");
        Assert.Equal(["transforms/platform_sales_week_per_price.yml:2: no index template in elastic-assets/index-templates/ matches the destination index 'platform_sales_week_per_price-v1' (add one with index_patterns ['platform_sales_week_per_price-*'])"], Check());
    }

    [Fact]
    public void AnIndexAssetWithoutAnIndexTemplateIsReported()
    {
        _tree.Write("elastic-assets/indices/platform_fraud_sales.yml", "kind: index\nname: platform_fraud_sales\nversion: 1\n");
        Assert.Equal(["elastic-assets/indices/platform_fraud_sales.yml:2: no index template in elastic-assets/index-templates/ matches the index 'platform_fraud_sales-v1' (add one with index_patterns ['platform_fraud_sales-*'])"], Check());
    }

    [Fact]
    public void APipelineProcessorCallingAMissingPipelineIsReported()
    {
        _tree.Replace("pipelines/platform-sales.yml", "  on_failure:\n", "    - pipeline: { name: enrich-stores }\n  on_failure:\n");
        Assert.Equal(["pipelines/platform-sales.yml:21: pipeline processor calls 'enrich-stores', which is not defined in pipelines/"], Check());
    }

    [Fact]
    public void TwoTemplatesOfEqualPriorityForOneIndexAreReported()
    {
        _tree.Write("elastic-assets/index-templates/catch-all.yml", "kind: index_template\nname: catch-all\nversion: 1\nbody:\n  index_patterns: [\"platform_*\"]\n  priority: 500\n");
        Assert.Contains(Check(), p => p.StartsWith("elastic-assets/indices/platform_sales.yml:2: index templates ", StringComparison.Ordinal) && p.Contains("priority 500"));
    }

    [Fact]
    public void AnIndexAssetMayNotSetItsOwnAliases()
    {
        _tree.Write("elastic-assets/indices/platform_sales.yml", "kind: index\nname: platform_sales\nversion: 1\nbody:\n  aliases: { x: {} }\n");
        Assert.Contains(Check(), p => p.StartsWith("elastic-assets/indices/platform_sales.yml:5: aliases are managed by the control plane", StringComparison.Ordinal));
    }

    [Fact]
    public void TransformsReadingEachOtherInACycleAreReported()
    {
        _tree.Replace("transforms/platform_sales_per_price.yml", "    index: platform_sales\n", "    index: [platform_sales, platform_sales_week_per_price]\n");
        Assert.Contains(Check(), p => p.Contains("transforms read each other in a cycle"));
    }

    [Fact]
    public void AYamlExtensionIsReportedRatherThanSilentlySkipped()
    {
        _tree.Write("pipelines/enrich.yaml", "kind: ingest_pipeline\nname: enrich\nversion: 1\nbody: { processors: [] }\n");
        Assert.Equal([new AssetDiagnostic("pipelines/enrich.yaml", 1, "not read: asset files end in .yml (this one is .yaml)")], AssetInventory.Take(_tree.Root).NotRead);
        var ex = Assert.Throws<AssetException>(() => ElasticsearchAssetCheck.LoadDesired(_tree.Root));
        Assert.StartsWith("pipelines/enrich.yaml:1: not read", ex.Message);
    }

    [Fact]
    public void LoadDesiredNamesTheFirstProblemAndCountsTheRest()
    {
        _tree.Replace("pipelines/platform-sales.yml", "version: 1", "version: 0");
        _tree.Replace("elastic-assets/component-templates/common-settings.yml", "version: 1", "version: -1");
        var ex = Assert.Throws<AssetException>(() => ElasticsearchAssetCheck.LoadDesired(_tree.Root));
        Assert.Equal("elastic-assets/component-templates/common-settings.yml:3: version must be an integer ≥ 1 (and 1 more problem(s); run validate to list them)", ex.Message);
    }
}
