namespace ControlPlane.Assets;

/// <summary>Elasticsearch's simple wildcard match (<c>*</c> only), as used by index template patterns and index expressions.</summary>
public static class GlobPattern
{
    public static bool Matches(string pattern, string name)
    {
        if (!pattern.Contains('*')) return pattern == name;
        var parts = pattern.Split('*');
        if (!name.StartsWith(parts[0], StringComparison.Ordinal)) return false;
        var position = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = name.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (found < 0) return false;
            position = found + parts[i].Length;
        }
        var last = parts[^1];
        return name.Length - position >= last.Length && name.EndsWith(last, StringComparison.Ordinal);
    }

    /// <summary>
    /// True when some index name matches both patterns: the test Elasticsearch runs before it stores an index template
    /// (MetadataIndexTemplateService.findConflictingV2Templates intersects the patterns' simple-match automata and
    /// refuses a template of the same priority when the intersection is not empty). Walks both patterns at once:
    /// a <c>*</c> on either side may take nothing or swallow the other side's next element.
    /// </summary>
    public static bool Overlaps(string a, string b)
    {
        var seen = new HashSet<(int, int)>();
        bool Walk(int i, int j)
        {
            if (!seen.Add((i, j))) return false;
            if (i == a.Length && j == b.Length) return true;
            if (i < a.Length && a[i] == '*' && (Walk(i + 1, j) || (j < b.Length && Walk(i, j + 1)))) return true;
            if (j < b.Length && b[j] == '*' && (Walk(i, j + 1) || (i < a.Length && Walk(i + 1, j)))) return true;
            return i < a.Length && j < b.Length && a[i] != '*' && b[j] != '*' && a[i] == b[j] && Walk(i + 1, j + 1);
        }
        return Walk(0, 0);
    }

    /// <summary>True when any pattern of one list overlaps any of the other (<see cref="Overlaps(string, string)"/>).</summary>
    public static bool AnyOverlap(IEnumerable<string> a, IReadOnlyCollection<string> b) => a.Any(x => b.Any(y => Overlaps(x, y)));
}
