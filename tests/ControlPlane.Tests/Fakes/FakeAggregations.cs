using System.Globalization;
using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Fakes;

/// <summary>The aggregation subset we use: terms (with sub-aggregations), sum, min, max, avg, value_count, cardinality.</summary>
public static class FakeAggregations
{
    public static JsonObject Run(JsonObject aggs, IReadOnlyList<JsonObject> docs)
    {
        var result = new JsonObject();
        foreach (var (name, spec) in aggs)
        {
            var s = spec!.AsObject();
            var (type, body) = s.First(kv => kv.Key is not ("aggs" or "aggregations" or "meta"));
            var sub = (s["aggs"] ?? s["aggregations"]) as JsonObject;
            var field = body?["field"]?.ToString();
            decimal[] Numbers() => docs.SelectMany(d => FakeQuery.Values(d, field!)).Select(v => decimal.Parse(v.ToJsonString().Trim('"'), CultureInfo.InvariantCulture)).ToArray();
            result[name] = type switch
            {
                "sum" => new JsonObject { ["value"] = Numbers().Sum() },
                "min" => new JsonObject { ["value"] = Numbers() is { Length: > 0 } n ? n.Min() : null },
                "max" => new JsonObject { ["value"] = Numbers() is { Length: > 0 } n ? n.Max() : null },
                "avg" => new JsonObject { ["value"] = Numbers() is { Length: > 0 } n ? n.Average() : null },
                "value_count" => new JsonObject { ["value"] = docs.Sum(d => FakeQuery.Values(d, field!).Count()) },
                "cardinality" => new JsonObject { ["value"] = docs.SelectMany(d => FakeQuery.Values(d, field!)).Select(v => v.ToString()).Distinct().Count() },
                "terms" => Terms(body!.AsObject(), sub, docs),
                _ => throw new FakeError(400, "parsing_exception", $"Unknown aggregation type [{type}] did you mean any of [terms, sum]?"),
            };
        }
        return result;
    }

    private static JsonObject Terms(JsonObject body, JsonObject? sub, IReadOnlyList<JsonObject> docs)
    {
        var field = body["field"]!.ToString();
        var size = body["size"]?.GetValue<int>() ?? 10;
        var groups = docs.SelectMany(d => FakeQuery.Values(d, field).Select(v => (Key: v, Doc: d)))
            .GroupBy(x => x.Key.ToJsonString())
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var buckets = new JsonArray();
        foreach (var g in groups.Take(size))
        {
            var bucket = new JsonObject { ["key"] = g.First().Key.DeepClone(), ["doc_count"] = g.Count() };
            if (sub is not null) foreach (var (k, v) in Run(sub, g.Select(x => x.Doc).ToList())) bucket[k] = v!.DeepClone();
            buckets.Add(bucket);
        }
        return new JsonObject
        {
            ["doc_count_error_upper_bound"] = 0,
            ["sum_other_doc_count"] = groups.Skip(size).Sum(g => g.Count()),
            ["buckets"] = buckets,
        };
    }
}
