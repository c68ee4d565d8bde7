using System.Text.Json;

namespace ControlPlane.ElasticRules;

/// <summary>
/// A search's <c>_source</c>: true (all fields), false (none), a field or pattern, a list, or
/// <c>{"includes": [...], "excludes": [...]}</c>; patterns may use <c>*</c>
/// (https://www.elastic.co/guide/en/elasticsearch/reference/current/search-fields.html#source-filtering).
/// </summary>
public sealed class SourceFilter
{
    public static readonly SourceFilter All = new(null, []);
    public static readonly SourceFilter None = new([], []);

    private readonly string[]? _includes;
    private readonly string[] _excludes;

    private SourceFilter(string[]? includes, string[] excludes) => (_includes, _excludes) = (includes, excludes);

    /// <summary><c>_source: false</c>: hits carry no <c>_source</c>.</summary>
    public bool IsNone => _includes is { Length: 0 };

    public static SourceFilter Parse(JsonElement? source)
    {
        if (source is not { } s) return All;
        return s.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.Null => All,
            JsonValueKind.False => None,
            JsonValueKind.String => new SourceFilter([s.GetString()!], []),
            JsonValueKind.Array => new SourceFilter(Strings(s), []),
            JsonValueKind.Object => new SourceFilter(
                s.TryGetProperty("includes", out var i) ? Strings(i) : null,
                s.TryGetProperty("excludes", out var e) ? Strings(e) : []),
            _ => throw new QueryParsingException($"[_source] does not take [{s.ValueKind}]"),
        };
    }

    private static string[] Strings(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? e.EnumerateArray().Select(x => x.GetString()!).ToArray()
        : [e.GetString()!];

    /// <summary>Whether a top-level field goes into a hit's <c>_source</c>.</summary>
    public bool Includes(string field)
    {
        if (_includes is not null && !Array.Exists(_includes, p => Like(field, p))) return false;
        return !Array.Exists(_excludes, p => Like(field, p));
    }

    private static bool Like(string text, string pattern)
    {
        var star = pattern.IndexOf('*');
        if (star < 0) return text == pattern;
        if (!text.StartsWith(pattern[..star], StringComparison.Ordinal)) return false;
        var (rest, tail) = (text[star..], pattern[(star + 1)..]);
        for (var i = 0; i <= rest.Length; i++)
            if (Like(rest[i..], tail)) return true;
        return false;
    }
}
