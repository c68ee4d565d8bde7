namespace ControlPlane.Assets;

/// <summary>A problem in one asset file, reported as <c>file:line: message</c>.</summary>
public sealed class AssetException(string file, int line, string problem) : Exception($"{file}:{line}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Problem { get; } = problem;
}
