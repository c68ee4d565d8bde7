using ControlPlane.Kibana;
using ControlPlane.Planning;
using ControlPlane.Tests.Kibana;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Tests.Live;

/// <summary>Against a real Kibana (KIBANA_URL, KIBANA_API_KEY or KIBANA_USERNAME/PASSWORD, optional KIBANA_SPACE); skipped otherwise.</summary>
[Trait("Category", "Live")]
public sealed class KibanaLiveTests
{
    private static ServiceProvider Services() => KibanaTestSupport.Services(
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => e.Key.ToString()!.StartsWith("KIBANA_", StringComparison.Ordinal))
            .ToDictionary(e => e.Key.ToString()!, e => (string?)e.Value?.ToString()));

    [LiveKibanaFact]
    public async Task TheShippedSavedObjectsImportWithoutMissingReferencesOrOtherErrors()
    {
        await ControlPlane.Tests.Live.LiveStack.EnsureAsync();
        await using var services = Services();
        var result = await services.GetRequiredService<SavedObjectImporter>().ImportAsync(KibanaTestSupport.RepositoryAssets, null, default);

        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        Assert.Equal(SavedObjectFiles.Read(KibanaTestSupport.RepositoryAssets).Objects.Count, result.SuccessCount);
        // Then the space shows the sources' days: Kibana's own settings API answers the zone we set.
        var settings = await services.GetRequiredService<KibanaClient>().GetSettingsAsync(Environment.GetEnvironmentVariable("KIBANA_SPACE"), default);
        Assert.Equal("Asia/Seoul", settings.GetValueOrDefault("dateFormat:tz")?.ToString());
    }

    [LiveKibanaFact]
    public async Task AfterImportTheRealKibanaShowsNoDrift()
    {
        await ControlPlane.Tests.Live.LiveStack.EnsureAsync();
        await using var services = Services();
        var section = services.GetServices<IPlanSection>().OfType<KibanaPlanSection>().Single();
        await section.ApplyAsync(KibanaTestSupport.RepositoryAssets, await section.PlanAsync(KibanaTestSupport.RepositoryAssets, default), default);

        var pending = (await section.PlanAsync(KibanaTestSupport.RepositoryAssets, default)).Where(p => p.IsPending).ToList();

        Assert.True(pending.Count == 0, "Kibana rewrote: " + string.Join("\n", pending));
    }
}
