using ControlPlane.Assets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Tests.Kibana;

/// <summary>The repository's own asset folders, scratch asset roots, and the control plane's services over given settings.</summary>
public static class KibanaTestSupport
{
    /// <summary>The repository root (where ControlPlane.sln is): its kibana-saved-objects/ are what ships.</summary>
    public static string RepositoryRoot => TestSupport.RepositoryRoot.Path;

    public static AssetRoot RepositoryAssets => new(RepositoryRoot);

    /// <summary>A temporary asset root holding the given <c>kibana-saved-objects/NAME.ndjson</c> files.</summary>
    public static AssetRoot ScratchRoot(params (string Name, string Content)[] files)
    {
        var dir = Path.Combine(Path.GetTempPath(), "cp-kibana-" + Guid.NewGuid().ToString("N"));
        var root = new AssetRoot(dir);
        Directory.CreateDirectory(root.KibanaSavedObjects);
        foreach (var (name, content) in files) File.WriteAllText(Path.Combine(root.KibanaSavedObjects, name), content);
        return root;
    }

    /// <summary>The services of <c>AddControlPlane</c> over in-memory settings (ES_URL, KIBANA_URL, …), as a command would get them.</summary>
    public static ServiceProvider Services(IDictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddControlPlane(config);
        return services.BuildServiceProvider();
    }
}
