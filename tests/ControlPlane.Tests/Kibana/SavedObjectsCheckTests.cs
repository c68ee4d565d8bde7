using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Kibana;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Tests.Kibana;

public sealed class SavedObjectsCheckTests
{
    private const string DataView = """{"attributes":{"title":"platform_sales","timeFieldName":"sold_at"},"coreMigrationVersion":"8.8.0","id":"dv","references":[],"type":"index-pattern","typeMigrationVersion":"8.0.0"}""";

    [Fact]
    public void TheShippedSavedObjectsPassEveryCheck()
    {
        var problems = new SavedObjectsCheck().Check(KibanaTestSupport.RepositoryAssets).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void OurIndicesHaveDataViewsWithFixedIdsAndTheirTimeFields()
    {
        var views = SavedObjectFiles.Read(KibanaTestSupport.RepositoryAssets).Objects.Where(o => o.Type == "index-pattern")
            .ToDictionary(o => o.Id, o => (Title: o.Title, Time: o.Json["attributes"]!["timeFieldName"]!.ToString()));
        Assert.Equal(("platform_sales", "sold_at"), views["platform_sales"]);
        Assert.Equal(("platform_fraud_sales", "sold_at"), views["platform_fraud_sales"]);
        Assert.Equal(("platform_sales_per_price", "date"), views["platform_sales_per_price"]);
        Assert.Equal(("platform_sales_week_per_price", "date"), views["platform_sales_week_per_price"]);
        Assert.Equal(("platform_sales_deadletter", "failed_at"), views["platform_sales_deadletter"]);
        Assert.Equal(("platform_alerts", "raised_at"), views["platform_alerts"]);
        Assert.Equal(6, views.Count);
    }

    [Fact]
    public void DashboardPanelsAreLensObjectsReachedOnlyThroughReferences()
    {
        var objects = SavedObjectFiles.Read(KibanaTestSupport.RepositoryAssets).Objects;
        var overview = objects.Single(o => o.Key == new SavedObjectKey("dashboard", "platform-store-overview"));
        var panels = JsonNode.Parse(overview.Json["attributes"]!["panelsJSON"]!.ToString())!.AsArray();
        Assert.Equal(4, panels.Count);
        for (var n = 0; n < panels.Count; n++)
        {
            Assert.Equal($"panel_{n}", panels[n]!["panelRefName"]!.ToString());
            var target = overview.References.Single(r => r.Name == $"panel_{n}");
            Assert.Equal("lens", target.Type);
            Assert.Contains(objects, o => o.Key == target.Target);
        }
        var titles = overview.References.Select(r => objects.Single(o => o.Key == r.Target).Title).ToList();
        Assert.Equal(["Daily AOV per store", "Trailing weekly AOV per store", "Sales by platform", "Flagged sales and their reasons"], titles);
        // No Lens object names its data view inline: only references do, so an import into another space stays consistent.
        Assert.All(objects.Where(o => o.Type == "lens"), o => Assert.DoesNotContain("indexPatternId", o.Text));
    }

    [Fact]
    public void ThePaymentAlertsDashboardShowsTheAlertsIndexByRuleAndRecipient()
    {
        // Issue 11: the alert rules' hits land in platform_alerts, "an alerts index that the dashboards show".
        var objects = SavedObjectFiles.Read(KibanaTestSupport.RepositoryAssets).Objects;
        var dashboard = objects.Single(o => o.Key == new SavedObjectKey("dashboard", "platform-payment-alerts"));
        var lenses = dashboard.References.Select(r => objects.Single(o => o.Key == r.Target)).ToList();
        Assert.All(lenses, l => Assert.Equal("platform_alerts", Assert.Single(l.References).Id));
        var fields = lenses.SelectMany(l => l.Json["attributes"]!["state"]!["datasourceStates"]!["formBased"]!["layers"]!.AsObject()
                .SelectMany(layer => layer.Value!["columns"]!.AsObject().Select(c => c.Value!["sourceField"]!.ToString())))
            .ToHashSet();
        Assert.Superset(new HashSet<string> { "rule_id", "recipient", "raised_at" }, fields);
    }

    [Fact]
    public void ABrokenLineIsReportedWithFileAndLine()
    {
        var root = KibanaTestSupport.ScratchRoot(("views.ndjson", DataView + "\n\n{\"type\": \"lens\", oops}\n"));
        var problem = Assert.Single(new SavedObjectsCheck().Check(root));
        Assert.Equal("kibana-saved-objects/views.ndjson", problem.File);
        Assert.Equal(3, problem.Line);
        Assert.Contains("not valid JSON", problem.Message);
    }

    [Fact]
    public void DuplicatesDanglingReferencesForeignDataViewsAndMissingMigrationVersionsAreReported()
    {
        var lens = """{"attributes":{"title":"L","state":{"datasourceStates":{"formBased":{"layers":{"l1":{},"l2":{}}}}}},"coreMigrationVersion":"8.8.0","id":"l","references":[{"id":"dv","name":"indexpattern-datasource-layer-l1","type":"index-pattern"},{"id":"gone","name":"indexpattern-datasource-layer-l2","type":"index-pattern"}],"type":"lens","typeMigrationVersion":"8.9.0"}""";
        var foreign = """{"attributes":{"title":"logs-*"},"coreMigrationVersion":"8.8.0","id":"logs","references":[],"type":"index-pattern"}""";
        var dashboard = """{"attributes":{"title":"D","panelsJSON":"[{\"panelIndex\":\"1\",\"panelRefName\":\"panel_0\"},{\"panelIndex\":\"2\",\"panelRefName\":\"panel_1\"}]"},"coreMigrationVersion":"8.8.0","id":"d","references":[{"id":"l","name":"panel_0","type":"lens"}],"type":"dashboard","typeMigrationVersion":"10.2.0"}""";
        var root = KibanaTestSupport.ScratchRoot(("a.ndjson", DataView + "\n" + lens + "\n"), ("b.ndjson", DataView + "\n" + foreign + "\n" + dashboard + "\n"));

        var problems = new SavedObjectsCheck().Check(root).Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.StartsWith("kibana-saved-objects/b.ndjson:1: index-pattern/dv is defined twice (also at kibana-saved-objects/a.ndjson:1)"));
        Assert.Contains(problems, p => p.StartsWith("kibana-saved-objects/a.ndjson:2: lens/l references index-pattern/gone"));
        Assert.Contains(problems, p => p.StartsWith("kibana-saved-objects/b.ndjson:2: missing 'typeMigrationVersion'"));
        Assert.Contains(problems, p => p.StartsWith("kibana-saved-objects/b.ndjson:3: dashboard d panel 2 uses panelRefName 'panel_1'"));
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void ADataViewOnAnIndexWeDoNotDefineIsReported()
    {
        var other = DataView.Replace("\"platform_sales\"", "\"orders-*\"");
        var wildcard = DataView.Replace("\"platform_sales\"", "\"platform_sales*\"").Replace("\"dv\"", "\"dv2\"");
        var root = KibanaTestSupport.ScratchRoot(("v.ndjson", other + "\n" + wildcard + "\n"));
        var problem = Assert.Single(new SavedObjectsCheck().Check(root));
        Assert.Equal(1, problem.Line);
        Assert.Contains("'orders-*', which matches none of our indices/aliases", problem.Message);
    }

    [Fact]
    public void ValidateFindsTheCheckAmongTheRegisteredOnes()
    {
        using var services = KibanaTestSupport.Services(new Dictionary<string, string?>());
        Assert.Contains(services.GetServices<IAssetCheck>(), c => c is SavedObjectsCheck);
    }
}
