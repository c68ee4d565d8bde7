using ControlPlane.Tests.Cli;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Live;

/// <summary>
/// The repository's real assets against a real cluster (ES_URL, with ES_API_KEY or ES_USERNAME/ES_PASSWORD and ES_CA_CERT
/// from the environment): apply, then plan shows no drift, then a second apply changes nothing. This is what proves the
/// normalization rules against the GET answers of the actual Elasticsearch version.
/// </summary>
[Trait("Category", "Live")]
public sealed class AssetsLiveTests
{
    [LiveFact]
    public async Task TheRepositorysAssetsApplyWithoutDriftAndASecondApplyChangesNothing()
    {
        await ControlPlane.Tests.Live.LiveStack.EnsureAsync();
        var root = RepositoryRoot.Path;
        var validate = await CliRunner.RunAsync("validate", "--root", root);
        Assert.True(validate.ExitCode == 0, validate.ToString());

        var apply = await CliRunner.RunAsync("apply", "--yes", "--root", root);
        Assert.True(apply.ExitCode == 0, apply.ToString());

        var plan = await CliRunner.RunAsync("plan", "--detailed-exitcode", "--root", root);
        Assert.True(plan.ExitCode == 0, $"drift right after apply:\n{plan}");

        var again = await CliRunner.RunAsync("apply", "--yes", "--root", root);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("apply: nothing to do", again.Out);
    }
}
