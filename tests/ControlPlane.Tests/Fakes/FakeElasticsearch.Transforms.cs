using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Fakes;

/// <summary>
/// Transforms: create (409 when the id exists, 400 when a source index is missing), GET with the fields ES adds
/// (<c>id</c>, <c>authorization</c>, <c>version</c>, <c>create_time</c>, <c>settings: {}</c>, <c>source.query</c>,
/// <c>sync.time.delay</c>, <c>aggs</c> → <c>aggregations</c>), <c>_update</c>, <c>_start</c>, <c>_stop</c>, <c>_stats</c>,
/// DELETE (409 while running unless forced), <c>_schedule_now</c>, which runs one checkpoint of the transform the way
/// Elasticsearch computes it (<c>.Checkpoints.cs</c>).
/// </summary>
public sealed partial class FakeElasticsearch
{
    public Dictionary<string, FakeTransform> Transforms { get; } = new(StringComparer.Ordinal);

    /// <summary>The transform config version ES stamps (the transform's own versioning, not the cluster's).</summary>
    private const string TransformConfigVersion = "10.0.0";

    private void RegisterTransformRoutes()
    {
        Map("PUT", "_transform/{id}", r => PutTransform(r["id"], r.JsonBody, r.Param("defer_validation") == "true"));
        Map("GET", "_transform", r => GetTransforms("_all"));
        Map("GET", "_transform/{any}", r => GetTransforms(r["any"]));
        Map("GET", "_transform/{any}/_stats", r => TransformStats(r["any"]));
        Map("POST", "_transform/{id}/_update", r => UpdateTransform(r["id"], r.JsonBody));
        Map("POST", "_transform/{id}/_start", r => StartTransform(r["id"]));
        Map("POST", "_transform/{id}/_stop", r => StopTransform(r["id"]));
        Map("POST", "_transform/{id}/_schedule_now", r => ScheduleNow(r["id"]));
        Map("DELETE", "_transform/{id}", r => DeleteTransform(r["id"], r.Param("force") == "true", r.Param("delete_dest_index") == "true"));
    }

    private FakeResponse PutTransform(string id, JsonObject body, bool deferValidation)
    {
        lock (Sync)
        {
            if (Transforms.ContainsKey(id))
                throw new FakeError(409, "resource_already_exists_exception", $"Transform with id [{id}] already exists");
            var sources = body["source"]?["index"] switch
            {
                JsonArray a => a.Select(n => n?.ToString() ?? "").ToList(),
                JsonValue v => [v.ToString()],
                _ => throw BadRequest("Validation Failed: 1: source.index is missing;", "action_request_validation_exception"),
            };
            if (!deferValidation)
                foreach (var source in sources.Where(s => !s.Contains('*')))
                    if (Resolve(source, ignoreMissing: true).Count == 0)
                        throw new FakeError(400, "validation_exception", $"Validation Failed: 1: no such index [{source}];");
            Transforms[id] = new FakeTransform(Stored(id, body, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            return Acknowledged();
        }
    }

    /// <summary>A transform config in the shape and key order GET _transform answers it.</summary>
    private static JsonObject Stored(string id, JsonObject body, long createTime)
    {
        var source = (JsonObject)body["source"]!.DeepClone();
        if (source["index"] is JsonValue single) source["index"] = new JsonArray(single.ToString());
        source["query"] ??= new JsonObject { ["match_all"] = new JsonObject() };
        var config = new JsonObject
        {
            ["id"] = id,
            ["authorization"] = new JsonObject { ["roles"] = new JsonArray("superuser") },
            ["version"] = TransformConfigVersion,
            ["create_time"] = createTime,
            ["source"] = source,
            ["dest"] = body["dest"]?.DeepClone(),
        };
        if (body["frequency"] is { } frequency) config["frequency"] = frequency.DeepClone();
        if (body["sync"]?["time"] is JsonObject time)
        {
            var t = (JsonObject)time.DeepClone();
            t["delay"] ??= "60s";
            config["sync"] = new JsonObject { ["time"] = t };
        }
        if (body["pivot"] is JsonObject pivot)
            config["pivot"] = new JsonObject
            {
                ["group_by"] = pivot["group_by"]?.DeepClone(),
                ["aggregations"] = (pivot["aggregations"] ?? pivot["aggs"])?.DeepClone(),
            };
        if (body["latest"] is { } latest) config["latest"] = latest.DeepClone();
        if (body["description"] is { } description) config["description"] = description.DeepClone();
        config["settings"] = body["settings"]?.DeepClone() ?? new JsonObject();
        if (body["_meta"] is { } meta) config["_meta"] = meta.DeepClone();
        if (body["retention_policy"] is { } retention) config["retention_policy"] = retention.DeepClone();
        return config;
    }

    private FakeResponse GetTransforms(string expression)
    {
        lock (Sync)
        {
            var (ids, missing) = MatchNames(Transforms.Keys, expression);
            if (missing is not null) throw NotFound("resource_not_found_exception", $"Transform with id [{missing}] could not be found");
            var list = new JsonArray(ids.Select(i => (JsonNode?)Transforms[i].Config.DeepClone()).ToArray());
            return Ok(new JsonObject { ["count"] = ids.Count, ["transforms"] = list });
        }
    }

    private FakeResponse TransformStats(string expression)
    {
        lock (Sync)
        {
            var (ids, missing) = MatchNames(Transforms.Keys, expression);
            if (missing is not null) throw NotFound("resource_not_found_exception", $"Transform with id [{missing}] could not be found");
            var list = new JsonArray();
            foreach (var id in ids)
                list.Add(StatsOf(id, Transforms[id]));
            return Ok(new JsonObject { ["count"] = ids.Count, ["transforms"] = list });
        }
    }

    /// <summary>
    /// One transform's stats as ES answers them (https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-transform-get-transform-stats,
    /// example in "Get transform statistics API"): <c>checkpointing.last</c> has <c>checkpoint</c> 0 and no times before the
    /// first checkpoint, then <c>timestamp_millis</c> and, for a continuous (time-synced) transform, <c>time_upper_bound_millis</c>;
    /// a failed transform has a top-level <c>reason</c> and health red with an issue.
    /// </summary>
    private static JsonObject StatsOf(string id, FakeTransform t)
    {
        var last = new JsonObject { ["checkpoint"] = t.Checkpoint };
        if (t.CheckpointAt is { } at)
        {
            last["timestamp_millis"] = at.ToUnixTimeMilliseconds();
            if (t.Config["sync"] is not null) last["time_upper_bound_millis"] = (t.CoversUpTo ?? at).ToUnixTimeMilliseconds();
        }
        var health = new JsonObject { ["status"] = t.State == "failed" ? "red" : "green" };
        if (t.State == "failed")
            health["issues"] = new JsonArray(new JsonObject { ["type"] = "transform_task_failed", ["issue"] = "Transform task state is [failed]", ["details"] = t.FailureReason, ["count"] = 1 });
        var stats = new JsonObject
        {
            ["id"] = id,
            ["state"] = t.State,
            ["stats"] = new JsonObject { ["pages_processed"] = 0, ["documents_processed"] = 0, ["documents_indexed"] = 0, ["trigger_count"] = 0 },
            ["checkpointing"] = new JsonObject { ["last"] = last },
            ["health"] = health,
        };
        if (t.State == "failed") stats["reason"] = t.FailureReason;
        return stats;
    }

    /// <summary>Only the updatable parts change; settings merge key by key (null removes), the rest is replaced.</summary>
    private FakeResponse UpdateTransform(string id, JsonObject body)
    {
        lock (Sync)
        {
            var transform = Find(id);
            var config = transform.Config;
            foreach (var (key, value) in body)
            {
                switch (key)
                {
                    case "settings":
                        var settings = config["settings"] as JsonObject ?? new JsonObject();
                        foreach (var (k, v) in value as JsonObject ?? [])
                            if (v is null) settings.Remove(k); else settings[k] = v.DeepClone();
                        config["settings"] = settings;
                        break;
                    case "sync" when value is JsonObject syncValue && syncValue["time"] is JsonObject time:
                        var t = (JsonObject)time.DeepClone();
                        t["delay"] ??= "60s";
                        config["sync"] = new JsonObject { ["time"] = t };
                        break;
                    case "source" when value is JsonObject source:
                        var s = (JsonObject)source.DeepClone();
                        if (s["index"] is JsonValue single) s["index"] = new JsonArray(single.ToString());
                        s["query"] ??= new JsonObject { ["match_all"] = new JsonObject() };
                        config["source"] = s;
                        break;
                    case "description" or "frequency" or "_meta" or "retention_policy" or "dest" or "sync":
                        if (value is null) config.Remove(key); else config[key] = value.DeepClone();
                        break;
                    default:
                        throw BadRequest($"[data_frame_transform_config_update] unknown field [{key}]", "x_content_parse_exception");
                }
            }
            return Ok(config.DeepClone());
        }
    }

    private FakeResponse StartTransform(string id)
    {
        lock (Sync)
        {
            var transform = Find(id);
            if (transform.State is "started" or "indexing")
                throw new FakeError(409, "status_exception", $"Cannot start transform [{id}] as it is already started.");
            var dest = transform.Config["dest"]?["index"]?.ToString() ?? "";
            if (Resolve(dest, ignoreMissing: true).Count == 0) CreateIndex(dest); // ES creates a missing destination on start
            // A batch transform (no sync) runs once and stops by itself; here it is done at once.
            transform.State = transform.Config["sync"] is null ? "stopped" : "started";
            return Acknowledged();
        }
    }

    private FakeResponse StopTransform(string id)
    {
        lock (Sync)
        {
            Find(id).State = "stopped";
            return Acknowledged();
        }
    }

    private FakeResponse ScheduleNow(string id)
    {
        lock (Sync)
        {
            if (Find(id).State is not ("started" or "indexing"))
                throw new FakeError(409, "status_exception", $"Cannot schedule transform [{id}] as it is not started");
            // "Instantly runs a transform to process data" (schedule-now-transform.html): here, one checkpoint, synchronously.
            RunCheckpoint(Find(id));
            return Acknowledged();
        }
    }

    private FakeResponse DeleteTransform(string id, bool force, bool deleteDestIndex)
    {
        lock (Sync)
        {
            var transform = Find(id);
            if (transform.State is "started" or "indexing" && !force)
                throw new FakeError(409, "status_exception", $"Cannot delete transform [{id}] as the task is running. Stop the task first");
            Transforms.Remove(id);
            if (deleteDestIndex && transform.Config["dest"]?["index"]?.ToString() is { } dest && Indices.Remove(dest)) Aliases.RemoveAll(a => a.Index == dest);
            return Acknowledged();
        }
    }

    private FakeTransform Find(string id) =>
        Transforms.GetValueOrDefault(id) ?? throw NotFound("resource_not_found_exception", $"Transform with id [{id}] could not be found");
}

/// <summary>A transform of the fake: its config as GET answers it, and its state (<c>stopped</c>, <c>started</c>, <c>failed</c>…).</summary>
public sealed class FakeTransform(JsonObject config)
{
    public JsonObject Config { get; } = config;
    public string State { get; set; } = "stopped";

    /// <summary>The last checkpoint's number (0 = none yet), when it was made, and the newest sync time it covers (now − delay when it ran).</summary>
    public long Checkpoint { get; set; }
    public DateTimeOffset? CheckpointAt { get; set; }
    public DateTimeOffset? CoversUpTo { get; set; }

    /// <summary>Why a failed transform failed (its stats' <c>reason</c>): a checkpoint that could not run or write.</summary>
    public string? FailureReason { get; set; }
}
