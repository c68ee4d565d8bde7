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
}
