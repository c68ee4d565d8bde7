using System.Text.Json.Nodes;
using ControlPlane.Assets;

namespace ControlPlane.Planning;

/// <summary>
/// The check Elasticsearch runs before it stores an index template, run offline against the live templates so that
/// <c>plan</c> shows <c>!</c> where <c>apply</c> would get a 400: no two composable templates with the same priority may
/// have overlapping index patterns (server/src/main/java/org/elasticsearch/cluster/metadata/MetadataIndexTemplateService.java,
/// <c>v2TemplateOverlaps</c> / <c>findConflictingV2Templates</c>; the message below is the one it throws).
/// </summary>
public static class TemplateOverlapCheck
{
    /// <summary>
    /// Why the cluster would refuse <paramref name="name"/>, or null. Compared with every live template except itself and
    /// the other templates the repository defines (those are PUT by the same apply, with their repository priorities).
    /// </summary>
    public static string? Conflict(string name, JsonObject desiredBody, LiveState live, IReadOnlySet<string> repositoryTemplates)
    {
        var patterns = Patterns(desiredBody);
        var priority = Priority(desiredBody);
        var clashes = live.IndexTemplates
            .Where(kv => kv.Key != name && !repositoryTemplates.Contains(kv.Key) && Priority(kv.Value) == priority && GlobPattern.AnyOverlap(patterns, Patterns(kv.Value)))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToList();
        if (clashes.Count == 0) return null;
        var names = string.Join(",", clashes.Select(c => c.Key));
        var with = string.Join(",", clashes.Select(c => $"{c.Key} => [{string.Join(", ", Patterns(c.Value))}]"));
        return $"Elasticsearch would refuse it: index template [{name}] has index patterns [{string.Join(", ", patterns)}] matching patterns from existing templates [{names}] "
            + $"with patterns ({with}) that have the same priority [{priority}]; give one of them a different priority";
    }

    private static List<string> Patterns(JsonObject body) => body["index_patterns"] switch
    {
        JsonArray a => a.Select(p => p?.ToString() ?? "").ToList(),
        JsonValue v => [v.ToString()],
        _ => [],
    };

    /// <summary>ES's <c>priorityOrZero()</c>: a template without a priority has 0.</summary>
    private static long Priority(JsonObject body) => body["priority"] is JsonValue v && v.TryGetValue(out long p) ? p : 0;
}
