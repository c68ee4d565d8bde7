using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.ElasticRules;

namespace ControlPlane.Tests.Fakes;

/// <summary>Indices, aliases, documents, <c>_bulk</c>, <c>_search</c> and <c>_count</c>.</summary>
public sealed partial class FakeElasticsearch
{
    public Dictionary<string, FakeIndex> Indices { get; } = new(StringComparer.Ordinal);
    public List<FakeAlias> Aliases { get; } = [];
    private readonly Dictionary<string, int> _bulkAttempts = new(StringComparer.Ordinal);

    /// <summary>
    /// Near-real-time search, as Elasticsearch has it: a search sees a document only after a refresh of its index
    /// (<c>_refresh</c>, or a write with <c>refresh=true|wait_for</c>), while a get by id is real-time
    /// (https://www.elastic.co/guide/en/elasticsearch/reference/current/near-real-time.html,
    /// https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-get.html#realtime). The periodic
    /// <c>index.refresh_interval</c> refresh is not run: a test refreshes when it wants one. Off by default (every write
    /// searchable at once); turning it on refreshes every index, as if the cluster had just done so.
    /// </summary>
    public bool NearRealTime
    {
        get;
        set
        {
            lock (Sync)
            {
                if (value && !field) foreach (var index in Indices.Values) index.Refresh();
                field = value;
            }
        }
    }

    /// <summary>The fake's clock: <c>_ingest.timestamp</c>, transform checkpoints and <c>index.gc_deletes</c> read it. Defaults to the system clock.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>
    /// Runs a stored pipeline over a document being indexed (an index's <c>index.default_pipeline</c>, a transform's
    /// <c>dest.pipeline</c>), with the offline simulator of the content tests; a failure without an <c>on_failure</c>
    /// handler fails the write as ES does. No pipeline, or one that is not stored, leaves the document as it is.
    /// https://www.elastic.co/guide/en/elasticsearch/reference/current/ingest.html#set-default-pipeline
    /// </summary>
    private JsonObject RunPipeline(string? pipeline, JsonObject source)
    {
        if (pipeline is null or "_none" || !Pipelines.TryGetValue(pipeline, out var body)) return source;
        return Content.PipelineSimulator.Run(body, source, Clock.GetUtcNow());
    }

    /// <summary>All documents of an index or alias, for assertions.</summary>
    public IReadOnlyList<FakeDocument> DocumentsOf(string indexOrAlias)
    {
        lock (Sync) return Resolve(indexOrAlias, ignoreMissing: true).SelectMany(i => i.Documents.Values).ToList();
    }

    public FakeIndex CreateIndex(string name, JsonObject? body = null)
    {
        lock (Sync)
        {
            if (Indices.ContainsKey(name) || Aliases.Any(a => a.Name == name))
                throw new FakeError(400, "resource_already_exists_exception", $"index [{name}/fakeuuid] already exists");
            // As in ES, the winning index template's settings and mappings apply first, then the request's (.Management.cs).
            var index = new FakeIndex(name)
            {
                Settings = SettingsOnCreate(name, body?["settings"] as JsonObject),
                Mappings = MappingsOnCreate(name, body?["mappings"] as JsonObject),
            };
            Indices[name] = index;
            if (body?["aliases"] is JsonObject aliases)
                foreach (var (alias, spec) in aliases)
                    Aliases.Add(new FakeAlias(alias, name, spec?["is_write_index"]?.GetValue<bool>() ?? false));
            return index;
        }
    }

    private void RegisterDocumentRoutes()
    {
        Map("PUT", "{index}", r => { CreateIndex(r["index"], r.JsonBody); return Ok(new JsonObject { ["acknowledged"] = true, ["shards_acknowledged"] = true, ["index"] = r["index"] }); });
        Map("GET", "{index}", r => GetIndices(r["index"]));
        Map("DELETE", "{index}", r =>
        {
            lock (Sync)
            {
                foreach (var i in Resolve(r["index"])) { Indices.Remove(i.Name); Aliases.RemoveAll(a => a.Index == i.Name); }
                return Acknowledged();
            }
        });
        Map("GET", "_alias/{name}", r => GetAlias(r["name"]));
        Map("GET", "{index}/_alias/{name}", r => GetAlias(r["name"]));
        Map("POST", "_aliases", r => UpdateAliases(r.JsonBody));
        Map("POST", "{index}/_refresh", r => RefreshIndices(r["index"], r.Param("ignore_unavailable") == "true"));
        Map("POST", "_refresh", _ => RefreshIndices("*", ignoreMissing: true));

        Map("PUT", "{index}/_doc/{id}", r => IndexOne(r, r["index"], r["id"], create: r.Param("op_type") == "create"));
        Map("POST", "{index}/_doc/{id}", r => IndexOne(r, r["index"], r["id"], create: r.Param("op_type") == "create"));
        Map("PUT", "{index}/_create/{id}", r => IndexOne(r, r["index"], r["id"], create: true));
        Map("GET", "{index}/_doc/{id}", r => GetOne(r["index"], r["id"]));
        Map("DELETE", "{index}/_doc/{id}", r => DeleteOne(r, r["index"], r["id"]));

        Map("POST", "_bulk", Bulk);
        Map("PUT", "_bulk", Bulk);
        Map("POST", "{index}/_bulk", Bulk);
        Map("POST", "{index}/_search", r => Search(r["index"], r.JsonBody, r));
        Map("GET", "{index}/_search", r => Search(r["index"], r.JsonBody, r));
        Map("POST", "{index}/_count", r => Count(r["index"], r.JsonBody));
        Map("GET", "{index}/_count", r => Count(r["index"], r.JsonBody));
    }

    // ---- index and alias resolution -------------------------------------------------------------------------

    /// <summary>Indices named by a comma list of names, aliases and wildcard patterns.</summary>
    internal List<FakeIndex> Resolve(string expression, bool ignoreMissing = false)
    {
        var result = new List<FakeIndex>();
        foreach (var part in expression.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Contains('*'))
            {
                var regex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(part).Replace("\\*", ".*") + "$");
                result.AddRange(Indices.Values.Where(i => regex.IsMatch(i.Name)));
                result.AddRange(Aliases.Where(a => regex.IsMatch(a.Name)).Select(a => Indices[a.Index]));
            }
            else if (Indices.TryGetValue(part, out var index)) result.Add(index);
            else if (Aliases.Where(a => a.Name == part).ToList() is { Count: > 0 } aliases) result.AddRange(aliases.Select(a => Indices[a.Index]));
            else if (!ignoreMissing) throw IndexNotFound(part);
        }
        return result.Distinct().ToList();
    }

    /// <summary>The index a write to <paramref name="name"/> goes to; creates a missing index as ES's auto-create does.</summary>
    internal FakeIndex WriteTarget(string name)
    {
        if (Indices.TryGetValue(name, out var index)) return index;
        var aliases = Aliases.Where(a => a.Name == name).ToList();
        if (aliases.Count == 1) return Indices[aliases[0].Index];
        if (aliases.Count > 1)
            return aliases.FirstOrDefault(a => a.IsWriteIndex) is { } w ? Indices[w.Index]
                : throw BadRequest($"no write index is defined for alias [{name}]. The write index may be explicitly disabled using is_write_index=false or the alias points to multiple indices without one being designated as a write index");
        return CreateIndex(name);
    }

    private static FakeError IndexNotFound(string name) => NotFound("index_not_found_exception", $"no such index [{name}]");

    private FakeResponse GetIndices(string expression)
    {
        lock (Sync)
        {
            var result = new JsonObject();
            foreach (var index in Resolve(expression))
            {
                var aliases = new JsonObject();
                foreach (var a in Aliases.Where(a => a.Index == index.Name))
                    aliases[a.Name] = a.IsWriteIndex ? new JsonObject { ["is_write_index"] = true } : new JsonObject();
                result[index.Name] = new JsonObject
                {
                    ["aliases"] = aliases,
                    ["mappings"] = index.Mappings.DeepClone(),
                    ["settings"] = new JsonObject { ["index"] = StringifySettings(index.Settings) },
                };
            }
            return Ok(result);
        }
    }

    /// <summary>ES answers settings as strings without the <c>index.</c> prefix nesting we sent; mimic that.</summary>
    private static JsonObject StringifySettings(JsonObject settings)
    {
        var flat = new JsonObject();
        void Walk(JsonNode? node, string prefix)
        {
            if (node is JsonObject o) foreach (var (k, v) in o) Walk(v, prefix.Length == 0 ? k : prefix + "." + k);
            else if (node is not null) flat[prefix.StartsWith("index.") ? prefix[6..] : prefix] = node is JsonValue v ? v.ToString() : node.DeepClone();
        }
        Walk(settings, "");
        return flat;
    }

    private FakeResponse GetAlias(string name)
    {
        lock (Sync)
        {
            var hits = Aliases.Where(a => name == "*" || name.Split(',').Contains(a.Name)).ToList();
            if (hits.Count == 0) return Error(404, "aliases_not_found_exception", $"alias [{name}] missing");
            var result = new JsonObject();
            foreach (var group in hits.GroupBy(a => a.Index))
            {
                var aliases = new JsonObject();
                foreach (var a in group) aliases[a.Name] = a.IsWriteIndex ? new JsonObject { ["is_write_index"] = true } : new JsonObject();
                result[group.Key] = new JsonObject { ["aliases"] = aliases };
            }
            return Ok(result);
        }
    }

    private FakeResponse UpdateAliases(JsonObject body)
    {
        lock (Sync)
        {
            foreach (var action in body["actions"]?.AsArray() ?? [])
            {
                var (verb, spec) = action!.AsObject().First();
                var index = spec!["index"]!.ToString();
                var alias = spec["alias"]?.ToString();
                switch (verb)
                {
                    case "add":
                        if (!Indices.ContainsKey(index)) throw IndexNotFound(index);
                        Aliases.RemoveAll(a => a.Name == alias && a.Index == index);
                        Aliases.Add(new FakeAlias(alias!, index, spec["is_write_index"]?.GetValue<bool>() ?? false));
                        break;
                    case "remove":
                        if (Aliases.RemoveAll(a => a.Name == alias && a.Index == index) == 0 && spec["must_exist"]?.GetValue<bool>() == true)
                            throw new FakeError(404, "aliases_not_found_exception", $"aliases [{alias}] missing");
                        break;
                    case "remove_index":
                        Indices.Remove(index);
                        Aliases.RemoveAll(a => a.Index == index);
                        break;
                    default:
                        throw BadRequest($"unknown alias action [{verb}]");
                }
            }
            return Acknowledged();
        }
    }

    // ---- single documents -----------------------------------------------------------------------------------

    /// <summary>
    /// Elasticsearch refuses a write with <c>require_alias=true</c> whose target is not an alias (404, as
    /// server/src/main/java/org/elasticsearch/action/bulk/TransportBulkAction.java: IndexNotFoundException
    /// "[require_alias] request flag is [true] and [NAME] is not an alias"), instead of auto-creating an index.
    /// </summary>
    private FakeError? RequireAlias(string target, bool required) =>
        required && !Aliases.Any(a => a.Name == target)
            ? NotFound("index_not_found_exception", $"no such index [{target}] and [require_alias] request flag is [true] and [{target}] is not an alias")
            : null;

    private FakeResponse IndexOne(FakeRequest r, string target, string id, bool create)
    {
        lock (Sync)
        {
            if (RequireAlias(target, r.Param("require_alias") == "true") is { } refused) throw refused;
            var index = WriteTarget(target);
            var result = Write(index, id, r.JsonBody, create, r.Param("version"), r.Param("version_type"), r.Param("if_seq_no"), r.Param("if_primary_term"));
            if (RefreshRequested(r)) index.Refresh();
            return Ok(result, (int)result["status"]!);
        }
    }

    private FakeResponse GetOne(string target, string id)
    {
        lock (Sync)
        {
            var index = Resolve(target).FirstOrDefault(i => i.Documents.ContainsKey(id)) ?? Resolve(target).FirstOrDefault();
            if (index is null || !index.Documents.TryGetValue(id, out var doc))
                return Ok(new JsonObject { ["_index"] = index?.Name ?? target, ["_id"] = id, ["found"] = false }, 404);
            return Ok(new JsonObject
            {
                ["_index"] = index.Name, ["_id"] = id, ["_version"] = doc.Version, ["_seq_no"] = doc.SeqNo,
                ["_primary_term"] = doc.PrimaryTerm, ["found"] = true, ["_source"] = doc.Source.DeepClone(),
            });
        }
    }

    private FakeResponse DeleteOne(FakeRequest r, string target, string id)
    {
        lock (Sync)
        {
            var result = Delete(WriteTarget(target), id, r.Param("version"), r.Param("version_type"));
            return Ok(result, (int)result["status"]!);
        }
    }

    /// <summary>Applies one index/create write with Elasticsearch's concurrency rules; returns the item answer with a status.</summary>
    private JsonObject Write(FakeIndex index, string id, JsonObject source, bool create, string? version, string? versionType, string? ifSeqNo, string? ifPrimaryTerm, string? pipeline = null)
    {
        index.Documents.TryGetValue(id, out var existing);
        // A request's pipeline replaces the index's default pipeline (ingest docs, "Set a default pipeline").
        source = RunPipeline(pipeline ?? index.Settings["index.default_pipeline"]?.ToString(), source);
        if (index.StrictFields is { } allowed && source.Select(kv => kv.Key).FirstOrDefault(k => !allowed.Contains(k)) is { } unknown)
            return ItemError(index.Name, id, 400, "strict_dynamic_mapping_exception", $"[1:2] mapping set to strict, dynamic introduction of [{unknown}] within [_doc] is not allowed");
        // The version rules are the bench stand-in's too (tests/ControlPlane.ElasticRules): one implementation, taught once.
        if (create && existing is not null)
            return ItemError(index.Name, id, 409, "version_conflict_engine_exception", VersionRules.CreateConflictReason(id, existing.Version));
        if (ifSeqNo is not null && VersionRules.SeqNoConflict(id, existing is null ? null : (existing.SeqNo, existing.PrimaryTerm), long.Parse(ifSeqNo), long.Parse(ifPrimaryTerm ?? "1")) is { } seqNoConflict)
            return ItemError(index.Name, id, 409, "version_conflict_engine_exception", seqNoConflict);
        long newVersion;
        if (versionType is "external" or "external_gte")
        {
            var v = long.Parse(version ?? throw BadRequest("version is required with version_type"));
            if (existing is not null && VersionRules.Decide(existing.Version, v, versionType) is null)
                return ItemError(index.Name, id, 409, "version_conflict_engine_exception", VersionRules.ConflictReason(id, existing.Version, v, versionType));
            // A delete's version still counts until index.gc_deletes has passed (FakeIndex.DeletedVersions); after that it is forgotten.
            if (existing is null && index.DeletedVersions.TryGetValue(id, out var deleted) && Clock.GetUtcNow() - deleted.DeletedAt < index.GcDeletes
                && VersionRules.Decide(deleted.Version, v, versionType) is null)
                return ItemError(index.Name, id, 409, "version_conflict_engine_exception", VersionRules.ConflictReason(id, deleted.Version, v, versionType));
            newVersion = v;
        }
        else newVersion = VersionRules.Decide(existing?.Version, null, null)!.Value;
        var doc = new FakeDocument(id, (JsonObject)source.DeepClone(), newVersion, index.NextSeqNo++);
        index.Documents[id] = doc;
        return ItemOk(index.Name, id, doc, existing is null ? "created" : "updated", existing is null ? 201 : 200);
    }

    private JsonObject Delete(FakeIndex index, string id, string? version, string? versionType)
    {
        index.Documents.TryGetValue(id, out var existing);
        if (versionType is "external" or "external_gte" && existing is not null)
        {
            var v = long.Parse(version!);
            if (VersionRules.Decide(existing.Version, v, versionType) is null)
                return ItemError(index.Name, id, 409, "version_conflict_engine_exception", VersionRules.ConflictReason(id, existing.Version, v, versionType));
        }
        if (versionType is "external" or "external_gte") index.DeletedVersions[id] = (long.Parse(version!), Clock.GetUtcNow());
        if (existing is null)
            return new JsonObject { ["_index"] = index.Name, ["_id"] = id, ["result"] = "not_found", ["status"] = 404, ["_version"] = 1 };
        index.Documents.Remove(id);
        return ItemOk(index.Name, id, existing with { Version = existing.Version + 1, SeqNo = index.NextSeqNo++ }, "deleted", 200);
    }

    private static JsonObject ItemOk(string index, string id, FakeDocument doc, string result, int status) => new()
    {
        ["_index"] = index, ["_id"] = id, ["_version"] = doc.Version, ["result"] = result,
        ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 },
        ["_seq_no"] = doc.SeqNo, ["_primary_term"] = doc.PrimaryTerm, ["status"] = status,
    };

    private static JsonObject ItemError(string index, string id, int status, string type, string reason) => new()
    {
        ["_index"] = index, ["_id"] = id, ["status"] = status,
        ["error"] = new JsonObject { ["type"] = type, ["reason"] = reason, ["index"] = index },
    };

    // ---- bulk -------------------------------------------------------------------------------------------------

    private FakeResponse Bulk(FakeRequest r)
    {
        var lines = r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = new JsonArray();
        var errors = false;
        var defaultIndex = r.Values.TryGetValue("index", out var di) ? di : null;
        var written = new HashSet<FakeIndex>();
        lock (Sync)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                var header = JsonNode.Parse(lines[i])!.AsObject();
                var (action, meta) = header.First();
                var m = meta!.AsObject();
                var target = m["_index"]?.ToString() ?? defaultIndex ?? throw BadRequest("Validation Failed: 1: index is missing;", "action_request_validation_exception");
                var id = m["_id"]?.ToString() ?? Guid.NewGuid().ToString("N");
                JsonObject? source = null;
                if (action != "delete") source = JsonNode.Parse(lines[++i])!.AsObject();
                var attemptKey = target + "/" + id;
                var attempt = _bulkAttempts[attemptKey] = _bulkAttempts.GetValueOrDefault(attemptKey) + 1;

                JsonObject result;
                if (BulkItemFault?.Invoke(new BulkItemContext(action, target, id, source, attempt)) is { } fault)
                    result = ItemError(target, id, fault.Status, fault.Type, fault.Reason);
                else if (RequireAlias(target, r.Param("require_alias") == "true" || m["require_alias"]?.GetValue<bool>() == true) is { } refused)
                    result = ItemError(target, id, refused.Status, refused.Type, refused.Message);
                else
                {
                    var index = WriteTarget(target);
                    written.Add(index);
                    result = action switch
                    {
                        "index" or "create" => Write(index, id, source!, action == "create", m["version"]?.ToString(), m["version_type"]?.ToString(), m["if_seq_no"]?.ToString(), m["if_primary_term"]?.ToString()),
                        "delete" => Delete(index, id, m["version"]?.ToString(), m["version_type"]?.ToString()),
                        _ => ItemError(target, id, 400, "illegal_argument_exception", $"Malformed action/metadata line [{i + 1}], expected one of [create, delete, index, update] but found [{action}]"),
                    };
                }
                if (result["error"] is not null) errors = true;
                items.Add(new JsonObject { [action] = result });
            }
            if (RefreshRequested(r)) foreach (var index in written) index.Refresh();
        }
        return Ok(new JsonObject { ["took"] = 1, ["errors"] = errors, ["items"] = items });
    }

    /// <summary>A write's <c>refresh</c> parameter: <c>true</c> (or empty) and <c>wait_for</c> make it searchable before the answer.</summary>
    private static bool RefreshRequested(FakeRequest r) => r.Param("refresh") is "" or "true" or "wait_for";

    private FakeResponse RefreshIndices(string expression, bool ignoreMissing)
    {
        lock (Sync)
        {
            var indices = Resolve(expression, ignoreMissing);
            foreach (var index in indices) index.Refresh();
            return Ok(new JsonObject { ["_shards"] = new JsonObject { ["total"] = indices.Count, ["successful"] = indices.Count, ["failed"] = 0 } });
        }
    }

    // ---- search -----------------------------------------------------------------------------------------------

    private FakeResponse Search(string target, JsonObject body, FakeRequest r)
    {
        lock (Sync)
        {
            var indices = Resolve(target, ignoreMissing: r.Param("ignore_unavailable") == "true");
            // Query, sort, search_after, from/size and _source filtering: the shared rules (tests/ControlPlane.ElasticRules).
            var request = SearchRequest.Parse(JsonSerializer.SerializeToElement(body));
            var all = indices.OrderBy(i => i.Name, StringComparer.Ordinal).SelectMany(i => i.Searchable(NearRealTime).OrderBy(d => d.SeqNo).Select(d => new Hit(i.Name, d)));
            var matched = all.Where(x => request.Query.Matches(x.Fields)).ToList();
            var page = request.Page(matched, x => x.Fields);
            var hits = new JsonArray();
            foreach (var (hit, keys) in page.Hits)
            {
                var json = new JsonObject { ["_index"] = hit.Index, ["_id"] = hit.Doc.Id, ["_score"] = keys is null ? 1.0 : null };
                if (!request.Source.IsNone) json["_source"] = FakeQuery.FilterSource(hit.Doc.Source, request.Source);
                if (keys is not null) json["sort"] = new JsonArray(keys.Select(k => k?.SortNode()).ToArray());
                hits.Add(json);
            }
            var response = new JsonObject
            {
                ["took"] = 1, ["timed_out"] = false,
                ["_shards"] = new JsonObject { ["total"] = indices.Count, ["successful"] = indices.Count, ["skipped"] = 0, ["failed"] = 0 },
                ["hits"] = new JsonObject
                {
                    ["total"] = new JsonObject { ["value"] = page.Total, ["relation"] = "eq" },
                    ["max_score"] = null,
                    ["hits"] = hits,
                },
            };
            // track_total_hits: false answers without hits.total
            // (https://www.elastic.co/guide/en/elasticsearch/reference/current/search-your-data.html#track-total-hits).
            if (!request.TrackTotalHits) response["hits"]!.AsObject().Remove("total");
            if ((body["aggs"] ?? body["aggregations"]) is JsonObject aggs)
                response["aggregations"] = FakeAggregations.Run(aggs, matched.Select(x => x.Doc.Source).ToList());
            return Ok(response);
        }
    }

    private FakeResponse Count(string target, JsonObject body)
    {
        lock (Sync)
        {
            var query = FakeQuery.Parse(body["query"] as JsonObject);
            var n = Resolve(target).SelectMany(i => i.Searchable(NearRealTime)).Count(d => query.Matches(new JsonSourceFields(d.Id, d.Source)));
            return Ok(new JsonObject { ["count"] = n });
        }
    }

    /// <summary>A document of a search with the index it is in, read through the shared rules' JSON field reader.</summary>
    private sealed record Hit(string Index, FakeDocument Doc)
    {
        public JsonSourceFields Fields { get; } = new(Doc.Id, Doc.Source);
    }
}
