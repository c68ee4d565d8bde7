namespace ControlPlane.Loading;

/// <summary>What <c>load</c> and <c>backfill</c> print: progress lines while running, a summary line per source at the end.</summary>
public static class LoadConsole
{
    /// <summary>Progress lines go to stdout as they come (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    public static IProgress<LoadProgress> ProgressPrinter(TextWriter output) => new WriterProgress(output);

    /// <summary>Prints one summary line per source (failures also to <paramref name="error"/>); true when every run succeeded or was skipped.</summary>
    public static bool PrintSummaries(IReadOnlyList<LoadResult> results, TextWriter output, TextWriter error)
    {
        foreach (var result in results) output.WriteLine(result.Summary());
        var failed = results.Where(r => r.Status == LoadStatus.Failed).ToList();
        foreach (var f in failed) error.WriteLine($"{f.Kind}: source {f.Source} failed: {f.Message}");
        return failed.Count == 0;
    }

    private sealed class WriterProgress(TextWriter output) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value) => output.WriteLine(value.ToString());
    }
}
