using System.Text.Json.Nodes;
using ControlPlane.Assets;

namespace ControlPlane.Planning;

public enum DifferenceKind
{
    /// <summary>Both sides have the path with different values.</summary>
    Changed,
    /// <summary>Only the repository has it (an addition).</summary>
    OnlyDesired,
    /// <summary>Only the cluster has it (the repository dropped it, or someone added it by hand).</summary>
    OnlyLive,
}

public sealed record JsonDifference(string Path, DifferenceKind Kind);

/// <summary>
/// Structural comparison of two normalized JSON values: key order never matters, numbers compare by value
/// (<c>100</c> = <c>100.0</c>), a null value is the same as a missing key, arrays compare element by element.
/// </summary>
public static class JsonDiff
{
    public static IReadOnlyList<JsonDifference> Compare(JsonNode? desired, JsonNode? live, string path = "") =>
        CompareWithValues(desired, live, path).Select(v => new JsonDifference(v.Path, v.Kind)).ToList();

    /// <summary>The differences with the values on both sides (secrets redacted), for a plan a reviewer can read.</summary>
    public static IReadOnlyList<ValueChange> CompareWithValues(JsonNode? desired, JsonNode? live, string path = "")
    {
        var result = new List<ValueChange>();
        Walk(desired, live, path, result);
        return result;
    }

    /// <summary>The changed paths alone, for a <c>~</c> line: at most <paramref name="limit"/>, then a count of the rest.</summary>
    public static IReadOnlyList<string> ChangedPaths(JsonNode? desired, JsonNode? live, int limit = 10) =>
        ChangedPaths(Compare(desired, live).Select(d => d.Path).ToList(), limit);

    /// <summary>At most <paramref name="limit"/> paths (<c>$</c> for the root), then a count of the rest.</summary>
    public static IReadOnlyList<string> ChangedPaths(IReadOnlyList<string> changed, int limit = 10)
    {
        var paths = changed.Select(p => p.Length == 0 ? "$" : p).ToList();
        return paths.Count <= limit ? paths : [.. paths.Take(limit), $"… {paths.Count - limit} more"];
    }

    private static void Walk(JsonNode? desired, JsonNode? live, string path, List<ValueChange> result)
    {
        switch (desired, live)
        {
            case (null, null):
                return;
            case (null, _):
                result.Add(ValueChange.Of(path, DifferenceKind.OnlyLive, live, null));
                return;
            case (_, null):
                result.Add(ValueChange.Of(path, DifferenceKind.OnlyDesired, null, desired));
                return;
            case (JsonObject d, JsonObject l):
                foreach (var (key, value) in d) Walk(value, l[key], JsonPaths.Child(path, key), result);
                foreach (var (key, value) in l)
                    if (!d.ContainsKey(key) && value is not null) result.Add(ValueChange.Of(JsonPaths.Child(path, key), DifferenceKind.OnlyLive, value, null));
                return;
            case (JsonArray d, JsonArray l) when d.Count == l.Count:
                for (var i = 0; i < d.Count; i++) Walk(d[i], l[i], JsonPaths.Item(path, i), result);
                return;
            default:
                if (CanonicalJson.Write(desired) != CanonicalJson.Write(live)) result.Add(ValueChange.Of(path, DifferenceKind.Changed, live, desired));
                return;
        }
    }
}
