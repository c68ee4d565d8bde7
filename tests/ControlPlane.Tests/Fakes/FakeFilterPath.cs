using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Fakes;

/// <summary>
/// Response filtering as Elasticsearch applies <c>filter_path</c> to any answer: a comma list of dotted paths, <c>*</c>
/// matching any one key, arrays traversed as if their elements stood at the array's place, and only what a path
/// reaches kept (https://www.elastic.co/docs/reference/elasticsearch/rest-apis/common-options#common-options-response-filtering;
/// server/src/main/java/org/elasticsearch/common/xcontent/support/filtering in elastic/elasticsearch). Exclusions
/// (<c>-path</c>) and <c>**</c> are not used by the control plane and are refused rather than answered wrongly.
/// </summary>
public static class FakeFilterPath
{
    public static JsonNode? Apply(JsonNode? answer, string filterPath)
    {
        var paths = filterPath.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.StartsWith('-') || p.Contains("**", StringComparison.Ordinal)
                ? throw new FakeError(400, "illegal_argument_exception", $"the fake does not filter with [{p}]")
                : p.Split('.'))
            .ToList();
        return Filter(answer, paths) ?? new JsonObject();
    }

    private static JsonNode? Filter(JsonNode? node, List<string[]> paths)
    {
        switch (node)
        {
            case JsonArray array:
                var kept = new JsonArray();
                foreach (var element in array)
                    if (Filter(element, paths) is { } filtered) kept.Add(filtered);
                return kept.Count > 0 ? kept : null;
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var matching = paths.Where(p => p[0] == "*" || p[0] == key).ToList();
                    if (matching.Count == 0) continue;
                    if (matching.Any(p => p.Length == 1)) result[key] = value?.DeepClone();
                    else if (Filter(value, matching.Select(p => p[1..]).ToList()) is { } inner) result[key] = inner;
                }
                return result.Count > 0 ? result : null;
            default:
                return null; // a value where the path goes on: nothing to keep
        }
    }
}
