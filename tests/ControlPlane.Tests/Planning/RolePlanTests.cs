using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Planning;
using ControlPlane.Tests.Fakes;

namespace ControlPlane.Tests.Planning;

/// <summary>
/// Roles as assets (<c>elastic-assets/roles/</c>): apply creates them with our marks in <c>metadata</c> (roles have no
/// <c>_meta</c>), plan shows a hand edit as drift and a role of ours that left the repository as a delete, and leaves
/// everyone else's roles alone. The fake answers the role APIs as Elasticsearch does (FakeElasticsearch.Security.cs).
/// </summary>
public sealed class RolePlanTests : IAsyncLifetime
{
    private const string LoaderRole = """
        kind: role
        name: cp_loader
        version: 1
        body:
          cluster: [monitor, manage_transform]
          indices:
            - names: platform_sales
              privileges: [write, read]
        """;

    private readonly FixtureTree _tree = FixtureTree.Copy();
    private FakeElasticsearch _es = null!;
    private Engine _engine = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearch.StartAsync();
        _engine = new Engine(_es);
        _tree.Write("elastic-assets/roles/cp_loader.yml", LoaderRole);
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_es.SchemaViolations);
        await _es.DisposeAsync();
        _tree.Dispose();
    }

    private Task<ElasticsearchPlan> PlanAsync() => _engine.PlanAsync(_tree.Root);

    private static PlannedChange Role(ElasticsearchPlan plan, string name) => Assert.Single(plan.Changes, c => c.Kind == "role" && c.Name == name);

    [Fact]
    public async Task ApplyCreatesTheRoleMarkedInItsMetadataAndASecondPlanFindsNoDrift()
    {
        var first = await _engine.ApplyAsync(_tree.Root);

        Assert.Equal(ChangeAction.Create, Role(first, "cp_loader").Action);
        var stored = _es.Roles["cp_loader"];
        Assert.Equal(ControlPlane.Elastic.IndexNames.ManagedBy, stored["metadata"]!["managed_by"]!.ToString());
        Assert.Equal("cp_loader", stored["metadata"]!["asset"]!.ToString());
        Assert.Equal(64, stored["metadata"]!["content_hash"]!.ToString().Length);
        Assert.Null(stored["_meta"]);
        Assert.Contains(_es.Requests, r => r is { Method: "PUT", Path: "_security/role/cp_loader" });
        var second = await PlanAsync();
        Assert.Empty(Engine.Pending(second));
        Assert.Equal(ChangeAction.Unchanged, Role(second, "cp_loader").Action);
    }

    [Fact]
    public async Task AHandEditedRoleShowsItsChangedPathsAndApplyPutsItBack()
    {
        await _engine.ApplyAsync(_tree.Root);
        var edited = (JsonObject)_es.Roles["cp_loader"].DeepClone();
        edited["cluster"]!.AsArray().Add("manage_security"); // someone widened it by hand
        await _engine.Client.SendOrThrowAsync(HttpMethod.Put, "_security/role/cp_loader", edited, default);

        var plan = await PlanAsync();

        var change = Role(plan, "cp_loader");
        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal(["cluster"], change.ChangedPaths);
        await _engine.Applier.ApplyAsync(plan.Steps, default);
        Assert.Equal(["monitor", "manage_transform"], _es.Roles["cp_loader"]["cluster"]!.AsArray().Select(p => p!.ToString()));
        Assert.Empty(Engine.Pending(await PlanAsync()));
    }

    [Fact]
    public async Task ARoleOfOursThatLeftTheRepositoryIsDeletedAndOthersRolesAreNeverTouched()
    {
        await _engine.ApplyAsync(_tree.Root);
        await _engine.Client.SendOrThrowAsync(HttpMethod.Put, "_security/role/team_reader", new JsonObject { ["cluster"] = new JsonArray("monitor") }, default);
        File.Delete(_tree.File("elastic-assets/roles/cp_loader.yml"));

        var plan = await PlanAsync();

        Assert.Equal(ChangeAction.Delete, Role(plan, "cp_loader").Action);
        Assert.DoesNotContain(plan.Changes, c => c.Name is "team_reader" or "superuser");
        await _engine.Applier.ApplyAsync(plan.Steps, default);
        Assert.Equal(["team_reader"], _es.Roles.Keys);
    }

    [Fact]
    public async Task ARoleOfTheSameNameThatIsNotOursIsAConflict()
    {
        await _engine.Client.SendOrThrowAsync(HttpMethod.Put, "_security/role/cp_loader", new JsonObject { ["cluster"] = new JsonArray("all") }, default);

        var change = Role(await PlanAsync(), "cp_loader");

        Assert.Equal(ChangeAction.Conflict, change.Action);
        Assert.Contains("no metadata.managed_by", change.Note);
    }

    [Fact]
    public async Task CredentialsThatCannotReadRolesGetAConflictNamingReadSecurityInsteadOfAFailedPlan()
    {
        // GET _security/role needs read_security: https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-security-get-role
        _es.FailNext("GET", "_security/role", 403, type: "security_exception",
            reason: "action [cluster:admin/xpack/security/role/get] is unauthorized for user [loader]");

        var plan = await PlanAsync();

        var change = Role(plan, "cp_loader");
        Assert.Equal(ChangeAction.Conflict, change.Action);
        Assert.Contains("read_security", change.Note);
        Assert.Contains(plan.Changes, c => c.Kind == AssetKinds.IndexTemplate && c.Action == ChangeAction.Create); // the rest is planned
        Assert.False(AssetReadiness.Matters(change)); // load and serve do not need roles
    }

    [Fact]
    public void NormalizationMakesTheDocumentedGetAnswerEqualToThePutBody()
    {
        // The GET example of https://www.elastic.co/guide/en/elasticsearch/reference/current/security-api-get-role.html.
        var put = JsonNode.Parse("""{"cluster":["all"],"indices":[{"names":"index1","privileges":["all"],"field_security":{"grant":["title","body"]}}],"run_as":["other_user"],"metadata":{"version":1}}""")!.AsObject();
        var get = JsonNode.Parse("""{"cluster":["all"],"indices":[{"names":["index1"],"privileges":["all"],"allow_restricted_indices":false,"field_security":{"grant":["title","body"]}}],"applications":[],"run_as":["other_user"],"metadata":{"version":1},"transient_metadata":{"enabled":true}}""")!.AsObject();

        Assert.Empty(JsonDiff.Compare(AssetNormalizer.Normalize("role", put), AssetNormalizer.Normalize("role", get)));
    }

    [Fact]
    public void ARoleBodyWithAnUnknownKeyFailsTheSchemaCheckOnItsLine()
    {
        _tree.Write("elastic-assets/roles/cp_loader.yml", LoaderRole.Replace("indices:", "indicies:"));

        var problems = new ElasticsearchAssetCheck().Check(_tree.Root).ToList();

        var problem = Assert.Single(problems);
        Assert.Equal(("elastic-assets/roles/cp_loader.yml", 6), (problem.File, problem.Line));
        Assert.Contains("body.indicies: unknown key", problem.Message);
        Assert.Contains("security.put_role schema", problem.Message);
    }
}
