using System.Text.Json.Nodes;
using ControlPlane.Kibana;
using ControlPlane.Planning;
using ControlPlane.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Tests.Kibana;

public sealed class KibanaDriftTests : IAsyncLifetime
{
    private FakeKibana _kibana = null!;
    private ServiceProvider _services = null!;
    private KibanaPlanSection _section = null!;

    public async Task InitializeAsync()
    {
        _kibana = await FakeKibana.StartAsync();
        _services = KibanaTestSupport.Services(new Dictionary<string, string?> { ["KIBANA_URL"] = _kibana.Url.ToString(), ["KIBANA_MAX_RETRIES"] = "0" });
        _section = _services.GetServices<IPlanSection>().OfType<KibanaPlanSection>().Single();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _kibana.DisposeAsync();
    }

    private Task<IReadOnlyList<PlannedChange>> PlanAsync() => _section.PlanAsync(KibanaTestSupport.RepositoryAssets, default);

    [Fact]
    public async Task AnEmptyKibanaNeedsEveryObjectCreated()
    {
        var plan = await PlanAsync();

        // Every saved object, and the advanced setting the dashboards' days depend on.
        Assert.Equal(SavedObjectFiles.Read(KibanaTestSupport.RepositoryAssets).Objects.Count + 1, plan.Count);
        Assert.All(plan, p => Assert.Equal(ChangeAction.Create, p.Action));
        Assert.Contains("+ kibana/dashboard platform-store-overview — Store sales overview", plan.Select(p => p.ToString()));
        Assert.Contains("+ kibana/advanced-setting dateFormat:tz — \"Asia/Seoul\"", plan.Select(p => p.ToString()));
        Assert.True(_section.IsConfigured);
        Assert.True(_section.Order > 0);
    }

    [Fact]
    public async Task RightAfterApplyNothingHasDrifted()
    {
        await _section.ApplyAsync(KibanaTestSupport.RepositoryAssets, await PlanAsync(), default);

        var plan = await PlanAsync();

        Assert.All(plan, p => Assert.Equal(ChangeAction.Unchanged, p.Action));
        var export = _kibana.Requests.Last(r => r.Path.EndsWith("_export", StringComparison.Ordinal));
        Assert.Equal(("POST", "api/saved_objects/_export", "true"), (export.Method, export.Path, export.Xsrf));
        Assert.False(JsonNode.Parse(export.Body)!["includeReferencesDeep"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnEditOrADeletionInKibanaIsPlannedWithWhatChanged()
    {
        await _section.ApplyAsync(KibanaTestSupport.RepositoryAssets, await PlanAsync(), default);
        _kibana.Edit("dashboard", "platform-store-overview", o =>
        {
            var panels = JsonNode.Parse(o["attributes"]!["panelsJSON"]!.ToString())!.AsArray();
            panels[0]!["gridData"]!["h"] = 30;
            o["attributes"]!["panelsJSON"] = panels.ToJsonString();
        });
        _kibana.Delete("lens", "platform-sales-by-platform");

        var pending = (await PlanAsync()).Where(p => p.IsPending).Select(p => p.ToString()).ToList();

        Assert.Equal(
        [
            "+ kibana/lens platform-sales-by-platform — Sales by platform",
            "~ kibana/dashboard platform-store-overview (attributes.panelsJSON[0].gridData.h) — Store sales overview",
        ], pending);
    }

    [Fact]
    public async Task AnEditInKibanaShowsTheLiveAndDesiredValues()
    {
        await _section.ApplyAsync(KibanaTestSupport.RepositoryAssets, await PlanAsync(), default);
        _kibana.Edit("dashboard", "platform-store-overview", o => o["attributes"]!["title"] = "Store sales (edited)");

        var change = (await PlanAsync()).Single(p => p.IsPending);

        var value = Assert.Single(change.Values);
        Assert.Equal("attributes.title: \"Store sales (edited)\" → \"Store sales overview\"", value.ToText());
    }

    [Fact]
    public async Task ATimeZoneChangedInKibanasAdvancedSettingsIsPlannedAndAppliedBack()
    {
        await _section.ApplyAsync(KibanaTestSupport.RepositoryAssets, await PlanAsync(), default);
        Assert.Equal("Asia/Seoul", _kibana.Setting("dateFormat:tz")!.ToString());
        _kibana.SetSetting("dateFormat:tz", "Browser"); // someone picked "Browser" in Stack Management → Advanced Settings

        var pending = (await PlanAsync()).Where(p => p.IsPending).Select(p => p.ToString()).ToList();
        await _section.ApplyAsync(KibanaTestSupport.RepositoryAssets, await PlanAsync(), default);

        Assert.Equal(["~ kibana/advanced-setting dateFormat:tz (userValue) — \"Browser\" → \"Asia/Seoul\""], pending);
        Assert.Equal("Asia/Seoul", _kibana.Setting("dateFormat:tz")!.ToString());
        Assert.All(await PlanAsync(), p => Assert.Equal(ChangeAction.Unchanged, p.Action));
        Assert.NotNull(_kibana.Setting("buildNum")); // settings we do not define are left alone
    }

    [Fact]
    public async Task ApplyImportsOnlyWhenSomethingIsPendingAndThenConverges()
    {
        await _section.ApplyAsync(KibanaTestSupport.RepositoryAssets, await PlanAsync(), default);
        var imports = _kibana.Requests.Count(r => r.Path.EndsWith("_import"));

        await _section.ApplyAsync(KibanaTestSupport.RepositoryAssets, await PlanAsync(), default);

        Assert.Equal(1, imports);
        Assert.Equal(imports, _kibana.Requests.Count(r => r.Path.EndsWith("_import")));
    }

    [Fact]
    public async Task ApplyFailsNamingTheObjectsKibanaRefused()
    {
        _kibana.ImportFault = o => o["type"]!.ToString() == "dashboard" ? new JsonObject { ["type"] = "unknown", ["message"] = "boom" } : null;

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await _section.ApplyAsync(KibanaTestSupport.RepositoryAssets, await PlanAsync(), default));

        Assert.Contains("dashboard/platform-store-overview \"Store sales overview\": unknown: boom", ex.Message);
        Assert.Contains("dashboard/platform-ingest-health \"Ingest health\": unknown: boom", ex.Message);
    }
}
