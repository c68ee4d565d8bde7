using System.Text.Json.Nodes;

namespace ControlPlane.Kibana;

/// <summary>The JSON paths at which two documents differ (<c>attributes.panelsJSON[2].gridData.w</c>), for <c>~</c> lines.</summary>
public static class JsonDiff
{
    public static IReadOnlyList<string> ChangedPaths(JsonNode? desired, JsonNode? live, int limit = 10)
    {
        var paths = new List<string>();
        Walk(desired, live, "", paths);
        return paths.Count <= limit ? paths : [.. paths.Take(limit), $"… {paths.Count - limit} more"];
    }

    private static void Walk(JsonNode? a, JsonNode? b, string path, List<string> paths)
    {
        switch (a, b)
        {
            case (JsonObject oa, JsonObject ob):
                foreach (var key in oa.Select(kv => kv.Key).Union(ob.Select(kv => kv.Key)).Order(StringComparer.Ordinal))
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    if (!oa.ContainsKey(key) || !ob.ContainsKey(key)) paths.Add(child);
                    else Walk(oa[key], ob[key], child, paths);
                }
                break;
            case (JsonArray xa, JsonArray xb) when xa.Count == xb.Count:
                for (var i = 0; i < xa.Count; i++) Walk(xa[i], xb[i], $"{path}[{i}]", paths);
                break;
            default:
                if (!JsonNode.DeepEquals(a, b)) paths.Add(path.Length == 0 ? "$" : path);
                break;
        }
    }
}
