using System.Text.Json.Nodes;
using ControlPlane.Configuration;
using ControlPlane.Elastic;
using ControlPlane.Http;
using ControlPlane.Tests.Cli;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace ControlPlane.Tests.Live;

/// <summary>
/// Each role of <c>elastic-assets/roles/</c>, as apply created it, holds what its command needs and not what it must not
/// have: an API key minted with the role as its only descriptor (as the README says to) asks
/// <c>_security/user/_has_privileges</c> (https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-security-has-privileges).
/// </summary>
[Trait("Category", "Live")]
public sealed class RolesLiveTests
{
    public static TheoryData<string, string[], string, string[], string[]> Needs => new()
    {
        // role, cluster privileges it needs, an index, privileges it needs there, privileges it must not hold there
        { "controlplane_apply", ["monitor", "manage_index_templates", "manage_ingest_pipelines", "manage_transform", "read_security"], "platform_sales-v1", ["manage", "create_index", "view_index_metadata", "read"], [] },
        { "controlplane_loader", ["monitor", "manage_transform"], "platform_sales", ["write", "read", "maintenance"], ["manage", "delete_index"] },
        { "controlplane_loader", [], "platform_sales_week_per_price", ["read"], ["write"] },
        { "controlplane_api", ["monitor", "monitor_transform"], "platform_fraud_sales", ["read"], ["write", "manage"] },
    };

    [LiveTheory]
    [MemberData(nameof(Needs))]
    public async Task EachRoleHoldsWhatItsCommandNeedsAndNoMore(string role, string[] cluster, string index, string[] needed, string[] forbidden)
    {
        await LiveStack.EnsureAsync();
        var apply = await CliRunner.RunAsync("apply", "--yes", "--root", RepositoryRoot.Path);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var admin = Content.LiveElasticsearch.Connect();
        var applied = (await admin.SendOrThrowAsync(HttpMethod.Get, $"_security/role/{role}", null, default))![role]!.AsObject();
        applied.Remove("transient_metadata");
        var key = await admin.SendOrThrowAsync(HttpMethod.Post, "_security/api_key", new JsonObject
        {
            ["name"] = $"cp-live-{role}", ["expiration"] = "1h", ["role_descriptors"] = new JsonObject { [role] = applied },
        }, default);

        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var options = new RestTransportOptions { MaxRetries = 2 };
        ConnectionOptionsSetup.Bind(config, "ES_", options);
        (options.Username, options.Password, options.ApiKey) = (null, null, key!["encoded"]!.ToString());
        var asRole = TestClients.Elasticsearch(options);
        var check = await asRole.HasPrivilegesAsync(cluster, [index], [.. needed, .. forbidden], default);

        Assert.Equal(forbidden.Select(p => $"{index}:{p}").Order(), check.Missing.Order());
    }
}
