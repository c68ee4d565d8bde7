using System.Text.Json.Nodes;

namespace ControlPlane.ElasticRules;

/// <summary>
/// Response filtering as Elasticsearch applies <c>filter_path</c> to a successful answer: a comma list of dotted paths,
/// <c>*</c> matching any one key, arrays traversed as if their elements stood at the array's place, and only what a path
/// reaches kept (https://www.elastic.co/docs/reference/elasticsearch/rest-apis/common-options#common-options-response-filtering;
/// server/src/main/java/org/elasticsearch/common/xcontent/support/filtering in elastic/elasticsearch). Error answers are
/// not filtered (server AbstractRestChannel.newErrorBuilder: "Disable filtering when building error responses").
/// Exclusions (<c>-path</c>) and <c>**</c> are not used by the control plane and are refused rather than answered wrongly.
/// One implementation for the tests' fake (it filters a JSON answer) and the bench's stand-in (it writes only what is kept).
/// </summary>
public sealed class FilterPath
{
    private readonly string[][] _paths;

    private FilterPath(string[][] paths) => _paths = paths;

    /// <summary>No filter: everything is kept.</summary>
    public static readonly FilterPath None = new([]);

    public bool KeepsEverything => _paths.Length == 0;

    public static FilterPath Parse(string? filterPath)
    {
        if (string.IsNullOrWhiteSpace(filterPath)) return None;
        var paths = filterPath.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.StartsWith('-') || p.Contains("**", StringComparison.Ordinal)
                ? throw new QueryParsingException($"the shared Elasticsearch rules do not filter with [{p}]", "illegal_argument_exception")
                : p.Split('.'))
            .ToArray();
        return new FilterPath(paths);
    }

    /// <summary>Whether anything at <paramref name="path"/> (keys from the root, arrays left out) is kept: all of it, or a part below.</summary>
    public bool Keeps(params ReadOnlySpan<string> path) => KeepsEverything || KeepsWhole(path) || KeepsBelow(path);

    /// <summary>The answer with only what the paths reach; an answer nothing is kept of is an empty object.</summary>
    public JsonNode? Apply(JsonNode? answer) => KeepsEverything ? answer : Filter(answer, []) ?? new JsonObject();

    private JsonNode? Filter(JsonNode? node, string[] at)
    {
        switch (node)
        {
            case JsonArray array:
                var kept = new JsonArray();
                foreach (var element in array)
                    if (Filter(element, at) is { } filtered) kept.Add(filtered);
                return kept.Count > 0 ? kept : null;
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    string[] path = [.. at, key];
                    if (KeepsWhole(path)) result[key] = value?.DeepClone();
                    else if (KeepsBelow(path) && Filter(value, path) is { } inner) result[key] = inner;
                }
                return result.Count > 0 ? result : null;
            default:
                return null; // a value where the path goes on: nothing to keep
        }
    }

    /// <summary>Some path ends at or above <paramref name="path"/>.</summary>
    private bool KeepsWhole(ReadOnlySpan<string> path)
    {
        foreach (var p in _paths)
            if (p.Length <= path.Length && PrefixMatches(p, path, p.Length)) return true;
        return false;
    }

    /// <summary>Some path goes on below <paramref name="path"/>.</summary>
    private bool KeepsBelow(ReadOnlySpan<string> path)
    {
        foreach (var p in _paths)
            if (p.Length > path.Length && PrefixMatches(p, path, path.Length)) return true;
        return false;
    }

    private static bool PrefixMatches(string[] pattern, ReadOnlySpan<string> path, int length)
    {
        for (var i = 0; i < length; i++)
            if (pattern[i] != "*" && !string.Equals(pattern[i], path[i], StringComparison.Ordinal)) return false;
        return true;
    }
}
