using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Fakes;

/// <summary>
/// One checkpoint of a continuous pivot transform, computed as Elasticsearch computes it, for the group_by and
/// aggregation types the repository uses. Sources, each cited where it is used:
/// - https://www.elastic.co/guide/en/elasticsearch/reference/current/transform-checkpoints.html : a checkpoint takes the
///   documents whose sync field lies between the last checkpoint and now − delay, finds which buckets they change, and
///   recomputes those buckets from every source document; nothing else is seen (a deleted document changes nothing).
/// - x-pack/plugin/transform/.../pivot/CompositeBucketsChangeCollector.java : the changed buckets are narrowed by the
///   changed terms of each terms group_by on a field, and for a date_histogram by the min/max of the changed documents'
///   dates (rounded down to the interval); a group_by script cannot narrow anything.
/// - x-pack/plugin/transform/.../pivot/AggregationResultUtils.java : a date_histogram key is written as
///   strict_date_optional_time in UTC (epoch millis with settings.dates_as_epoch_millis), a date max/min as its formatted
///   text, a bucket_script that returns null leaves its field out.
/// - transform-limitations.html: the destination is only ever written to; a bucket that disappears keeps its old document.
/// Output documents go through <c>dest.pipeline</c> (or the destination's default pipeline) and its strict mapping; a
/// write the destination refuses fails the transform (<see cref="FakeTransform.State"/> <c>failed</c>, with the reason).
/// </summary>
public sealed partial class FakeElasticsearch
{
    private void RunCheckpoint(FakeTransform transform)
    {
        var config = transform.Config;
        try
        {
            var pivot = config["pivot"] as JsonObject ?? throw new FakeError(400, "status_exception", "the fake runs pivot transforms only");
            var syncField = config["sync"]?["time"]?["field"]?.ToString();
            var delay = Duration(config["sync"]?["time"]?["delay"]?.ToString() ?? "60s");
            var upper = Clock.GetUtcNow() - delay;
            var query = config["source"]?["query"] as JsonObject;
            var indices = (config["source"]?["index"] as JsonArray ?? []).SelectMany(i => Resolve(i!.ToString(), ignoreMissing: true)).Distinct().ToList();
            var mappings = indices.Select(i => i.Mappings["properties"] as JsonObject).OfType<JsonObject>().ToList();
            var docs = indices.SelectMany(i => i.Documents.Values).Where(d => FakeQuery.Matches(query, d.Id, d.Source)).Select(d => d.Source).ToList();
            var groups = (JsonObject)pivot["group_by"]!;

            // Everything before this checkpoint's upper bound counts; the sync range query leaves out documents without the field.
            bool Before(JsonObject d, DateTimeOffset bound) => syncField is null
                || FakeQuery.Values(d, syncField).Any(v => FakeDates.TryInstant(v, out var t) && t < bound);
            var visible = docs.Where(d => Before(d, upper)).ToList();
            if (syncField is not null && transform.CoversUpTo is { } last)
            {
                var changed = visible.Where(d => !Before(d, last)).ToList();
                if (changed.Count == 0) return; // no change, no new checkpoint (the last upper bound stays)
                visible = visible.Where(d => InChangedBuckets(groups, changed, d)).ToList();
            }

            var dest = config["dest"]?["index"]?.ToString() ?? throw new FakeError(400, "status_exception", "dest.index missing");
            var destIndex = WriteTarget(dest);
            var datesAsEpoch = config["settings"]?["dates_as_epoch_millis"]?.GetValue<bool>() ?? false;
            foreach (var (keys, members) in Buckets(groups, visible))
            {
                var output = new JsonObject();
                foreach (var (name, key) in keys) output[name] = key?.DeepClone();
                foreach (var (name, spec) in (JsonObject)(pivot["aggregations"] ?? pivot["aggs"])!)
                    if (Aggregate(spec!.AsObject(), members, mappings, output, datesAsEpoch) is { } value) output[name] = value;
                    else if (spec!.AsObject().ContainsKey("bucket_script")) { } // null: the field is left out
                    else output[name] = null;
                var id = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', keys.Select(k => k.Value?.ToJsonString()))))).TrimEnd('=')[..22];
                var result = Write(destIndex, id, output, create: false, null, null, null, null, config["dest"]?["pipeline"]?.ToString());
                if (result["error"] is { } error)
                    throw new FakeError(400, error["type"]!.ToString(), $"Failed to index documents into destination index: {error["reason"]}");
            }
            transform.CoversUpTo = upper;
            transform.CheckpointAt = Clock.GetUtcNow();
            transform.Checkpoint++;
        }
        catch (FakeError e)
        {
            transform.State = "failed";
            transform.FailureReason = e.Message;
        }
    }

    /// <summary>CompositeBucketsChangeCollector: terms of the changed documents, and the date range they span rounded down.</summary>
    private static bool InChangedBuckets(JsonObject groups, List<JsonObject> changed, JsonObject doc)
    {
        foreach (var (_, spec) in groups)
        {
            var (type, body) = spec!.AsObject().First();
            var field = body?["field"]?.ToString();
            if (field is null) continue; // a script: no narrowing
            if (type == "terms")
            {
                var terms = changed.SelectMany(c => FakeQuery.Values(c, field)).Select(v => v.ToString()).ToHashSet(StringComparer.Ordinal);
                if (!FakeQuery.Values(doc, field).Any(v => terms.Contains(v.ToString()))) return false;
            }
            else if (type == "date_histogram")
            {
                var dates = changed.SelectMany(c => FakeQuery.Values(c, field)).Select(v => FakeDates.TryInstant(v, out var t) ? t : (DateTimeOffset?)null).OfType<DateTimeOffset>().ToList();
                if (dates.Count == 0) continue;
                var (low, high) = (Round(body!.AsObject(), dates.Min()), dates.Max());
                if (!FakeQuery.Values(doc, field).Any(v => FakeDates.TryInstant(v, out var t) && t >= low && t <= high)) return false;
            }
        }
        return true;
    }

    /// <summary>The composite aggregation's buckets: one per combination of the group keys; a document without a key is in no bucket.</summary>
    private static IEnumerable<(List<KeyValuePair<string, JsonNode?>> Keys, List<JsonObject> Docs)> Buckets(JsonObject groups, List<JsonObject> docs)
    {
        var buckets = new Dictionary<string, (List<KeyValuePair<string, JsonNode?>> Keys, List<JsonObject> Docs)>(StringComparer.Ordinal);
        foreach (var doc in docs)
        {
            IEnumerable<List<KeyValuePair<string, JsonNode?>>> combos = [[]];
            foreach (var (name, spec) in groups)
            {
                var keys = GroupKeys(spec!.AsObject(), doc);
                combos = combos.SelectMany(c => keys.Select(k => new List<KeyValuePair<string, JsonNode?>>(c) { new(name, k) })).ToList();
            }
            foreach (var combo in combos)
            {
                var id = string.Join('\u001f', combo.Select(k => k.Value?.ToJsonString()));
                if (!buckets.TryGetValue(id, out var bucket)) buckets[id] = bucket = (combo, []);
                bucket.Docs.Add(doc);
            }
        }
        return buckets.Values;
    }

    private static IReadOnlyList<JsonNode> GroupKeys(JsonObject spec, JsonObject doc)
    {
        var (type, b) = spec.First();
        var body = b!.AsObject();
        switch (type)
        {
            case "terms" when body["script"] is JsonObject script:
                return FakePainless.TermsScript(script["source"]!.ToString(), script["params"] as JsonObject, doc).Distinct(JsonNodeEquality.Instance).ToList();
            case "terms":
                return FakeQuery.Values(doc, body["field"]!.ToString()).Select(v => v.DeepClone()).ToList();
            case "date_histogram":
                // The bucket key is the instant the interval starts in time_zone (date-histogram docs, "Time zone");
                // AggregationResultUtils writes it as strict_date_optional_time in UTC.
                return FakeQuery.Values(doc, body["field"]!.ToString())
                    .Select(v => FakeDates.TryInstant(v, out var t) ? (DateTimeOffset?)Round(body, t) : null).OfType<DateTimeOffset>()
                    .Select(t => (JsonNode)JsonValue.Create(FakeDates.Format(t))!).ToList();
            default:
                throw new FakeError(400, "illegal_argument_exception", $"the fake does not run group_by [{type}]");
        }
    }

    /// <summary>calendar_interval 1d in the time_zone: the local midnight of the day the instant falls on.</summary>
    private static DateTimeOffset Round(JsonObject histogram, DateTimeOffset t)
    {
        if (histogram["calendar_interval"]?.ToString() is not ("1d" or "day"))
            throw new FakeError(400, "illegal_argument_exception", "the fake runs date_histogram with calendar_interval 1d only");
        var zone = histogram["time_zone"]?.ToString() is { } z ? TimeZoneInfo.FindSystemTimeZoneById(z) : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(t, zone).Date;
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static JsonNode? Aggregate(JsonObject spec, List<JsonObject> docs, List<JsonObject> mappings, JsonObject bucket, bool datesAsEpoch)
    {
        var (type, b) = spec.First(kv => kv.Key is not ("meta" or "aggs" or "aggregations"));
        var body = b!.AsObject();
        var field = body["field"]?.ToString();
        var values = field is null ? [] : docs.SelectMany(d => FakeQuery.Values(d, field)).ToList();
        var isDate = field is not null && mappings.Any(m => m[field]?["type"]?.ToString() is "date" or "date_nanos");
        double Number(JsonNode v) => double.Parse(v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString(), CultureInfo.InvariantCulture);
        JsonNode? Extreme(bool max)
        {
            if (values.Count == 0) return null;
            if (!isDate) return max ? values.Max(Number) : values.Min(Number);
            var dates = values.Select(v => FakeDates.TryInstant(v, out var t) ? t : throw new FakeError(400, "illegal_argument_exception", $"[{field}] is not a date")).ToList();
            var pick = max ? dates.Max() : dates.Min();
            return datesAsEpoch ? JsonValue.Create(pick.ToUnixTimeMilliseconds()) : JsonValue.Create(FakeDates.Format(pick));
        }
        return type switch
        {
            "sum" => values.Sum(Number),
            "max" => Extreme(true),
            "min" => Extreme(false),
            "value_count" => values.Count,
            // Exact here; Elasticsearch counts hashes (HyperLogLogPlusPlus), see docs/assets.md for the bound.
            "cardinality" => values.Select(v => v.ToJsonString()).Distinct(StringComparer.Ordinal).Count(),
            "filter" => docs.Count(d => FakeQuery.Matches(body, "", d)),
            "bucket_script" => FakePainless.BucketScript(body["script"]!["source"]!.ToString(),
                body["buckets_path"]!.AsObject().ToDictionary(kv => kv.Key, kv => bucket[kv.Value!.ToString()] is JsonValue v ? (double?)Number(v) : null)),
            _ => throw new FakeError(400, "illegal_argument_exception", $"the fake does not run aggregation [{type}] in transforms"),
        };
    }

    private static TimeSpan Duration(string text) => text[^1] switch
    {
        's' when text.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(int.Parse(text[..^2], CultureInfo.InvariantCulture)),
        's' => TimeSpan.FromSeconds(int.Parse(text[..^1], CultureInfo.InvariantCulture)),
        'm' => TimeSpan.FromMinutes(int.Parse(text[..^1], CultureInfo.InvariantCulture)),
        'h' => TimeSpan.FromHours(int.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ => throw new FakeError(400, "illegal_argument_exception", $"failed to parse setting [delay] with value [{text}]"),
    };

    private sealed class JsonNodeEquality : IEqualityComparer<JsonNode>
    {
        public static readonly JsonNodeEquality Instance = new();
        public bool Equals(JsonNode? x, JsonNode? y) => x?.ToJsonString() == y?.ToJsonString();
        public int GetHashCode(JsonNode obj) => obj.ToJsonString().GetHashCode(StringComparison.Ordinal);
    }
}
