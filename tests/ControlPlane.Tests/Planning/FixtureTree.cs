using ControlPlane.Assets;

namespace ControlPlane.Tests.Planning;

/// <summary>A private copy of a fixture asset tree (Planning/Fixtures/NAME) in a temp folder, so a test can edit it; deleted on dispose.</summary>
public sealed class FixtureTree : IDisposable
{
    private FixtureTree(string path) => Path = path;

    public string Path { get; }
    public AssetRoot Root => new(Path);

    public static FixtureTree Copy(string name = "basic")
    {
        var source = System.IO.Path.Combine(AppContext.BaseDirectory, "Planning", "Fixtures", name);
        var target = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cp-assets-{Guid.NewGuid():N}");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            System.IO.File.Copy(file, destination);
        }
        return new FixtureTree(target);
    }

    /// <summary>A copy of the repository's own asset folders (what ships), to run the real assets with one edit.</summary>
    public static FixtureTree CopyRepository()
    {
        var target = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cp-assets-{Guid.NewGuid():N}");
        foreach (var folder in new[] { "elastic-assets", "pipelines", "transforms", "kibana-saved-objects" })
        {
            var source = System.IO.Path.Combine(TestSupport.RepositoryRoot.Path, folder);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var destination = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(TestSupport.RepositoryRoot.Path, file));
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
                System.IO.File.Copy(file, destination);
            }
        }
        return new FixtureTree(target);
    }

    /// <summary>An empty tree (no asset folders at all).</summary>
    public static FixtureTree Empty()
    {
        var target = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cp-assets-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target);
        return new FixtureTree(target);
    }

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    public void Write(string relative, string text)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(File(relative))!);
        System.IO.File.WriteAllText(File(relative), text);
    }

    /// <summary>Replaces one exact piece of a file's text; fails loudly when the piece is not there (the fixture changed).</summary>
    public void Replace(string relative, string oldText, string newText)
    {
        var text = System.IO.File.ReadAllText(File(relative));
        Assert.Contains(oldText, text);
        System.IO.File.WriteAllText(File(relative), text.Replace(oldText, newText));
    }

    public void Delete(string relative) => System.IO.File.Delete(File(relative));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
