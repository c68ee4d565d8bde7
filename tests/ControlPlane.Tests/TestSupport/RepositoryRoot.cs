namespace ControlPlane.Tests.TestSupport;

/// <summary>The repository checkout the tests run from (where ControlPlane.sln is): its assets are what ships.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Found = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "ControlPlane.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (ControlPlane.sln) not found above " + AppContext.BaseDirectory);
    });

    public static string Path => Found.Value;
}
