using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Fakes;

/// <summary>
/// Component and index templates, ingest pipelines, ILM policies, index mappings and settings. GET answers are shaped as
/// Elasticsearch shapes them (envelopes, settings as nested strings, defaults filled in, 9.x tracking dates), because
/// plan's normalization is only as good as the answers it is tested against. Transforms are in <c>.Transforms.cs</c>.
/// </summary>
public sealed partial class FakeElasticsearch
{
    /// <summary>Stored as GET returns the inner <c>component_template</c>.</summary>
    public Dictionary<string, JsonObject> ComponentTemplates { get; } = new(StringComparer.Ordinal);
    /// <summary>Stored as GET returns the inner <c>index_template</c>.</summary>
    public Dictionary<string, JsonObject> IndexTemplates { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, JsonObject> Pipelines { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, FakeIlmPolicy> IlmPolicies { get; } = new(StringComparer.Ordinal);

    /// <summary>Elasticsearch 9.x stamps templates and pipelines with created/modified dates.</summary>
    private bool TracksDates => !Version.StartsWith("8.", StringComparison.Ordinal);

    private static readonly string[] StaticSettings = ["index.number_of_shards", "index.codec", "index.routing_partition_size", "index.mode"];

    private void RegisterManagementRoutes()
    {
        Map("PUT", "_component_template/{name}", r => PutComponentTemplate(r["name"], r.JsonBody));
        Map("POST", "_component_template/{name}", r => PutComponentTemplate(r["name"], r.JsonBody));
        Map("GET", "_component_template", _ => GetNamed(ComponentTemplates, "*", "component_templates", "component_template", "component template"));
        Map("GET", "_component_template/{name}", r => GetNamed(ComponentTemplates, r["name"], "component_templates", "component_template", "component template"));
        Map("DELETE", "_component_template/{name}", r => DeleteComponentTemplate(r["name"]));

        Map("PUT", "_index_template/{name}", r => PutIndexTemplate(r["name"], r.JsonBody));
        Map("POST", "_index_template/{name}", r => PutIndexTemplate(r["name"], r.JsonBody));
        Map("GET", "_index_template", _ => GetNamed(IndexTemplates, "*", "index_templates", "index_template", "index template"));
        Map("GET", "_index_template/{name}", r => GetNamed(IndexTemplates, r["name"], "index_templates", "index_template", "index template"));
        Map("DELETE", "_index_template/{name}", r => DeleteFrom(IndexTemplates, r["name"], $"index_template [{r["name"]}] missing"));

        Map("PUT", "_ingest/pipeline/{id}", r => PutPipeline(r["id"], r.JsonBody));
        Map("GET", "_ingest/pipeline", _ => GetPipelines("*"));
        Map("GET", "_ingest/pipeline/{id}", r => GetPipelines(r["id"]));
        Map("DELETE", "_ingest/pipeline/{id}", r => DeleteFrom(Pipelines, r["id"], $"pipeline [{r["id"]}] is missing"));

        Map("PUT", "_ilm/policy/{name}", r => PutIlmPolicy(r["name"], r.JsonBody));
        Map("GET", "_ilm/policy", _ => GetIlmPolicies("*"));
        Map("GET", "_ilm/policy/{name}", r => GetIlmPolicies(r["name"]));
        Map("DELETE", "_ilm/policy/{name}", r => DeleteIlmPolicy(r["name"]));

        Map("GET", "_mapping", _ => GetMappings("*"));
        Map("GET", "{index}/_mapping", r => GetMappings(r["index"]));
        Map("PUT", "{index}/_mapping", r => PutMapping(r["index"], r.JsonBody));
        Map("GET", "{index}/_settings", r => GetSettings(r["index"]));
        Map("PUT", "{index}/_settings", r => PutSettings(r["index"], r.JsonBody));

        RegisterTransformRoutes();
    }

    // ---- component and index templates ------------------------------------------------------------------------

    private FakeResponse PutComponentTemplate(string name, JsonObject body)
    {
        lock (Sync)
        {
            if (body["template"] is not JsonObject template)
                throw BadRequest("Validation Failed: 1: template is required;", "action_request_validation_exception");
            var stored = new JsonObject { ["template"] = StoredTemplate(template) };
            foreach (var key in new[] { "version", "_meta", "deprecated" })
                if (body[key] is { } v) stored[key] = v.DeepClone();
            StampDates(stored, ComponentTemplates.GetValueOrDefault(name));
            ComponentTemplates[name] = stored;
            return Acknowledged();
        }
    }

    private FakeResponse DeleteComponentTemplate(string name)
    {
        lock (Sync)
        {
            var users = IndexTemplates.Where(t => (t.Value["composed_of"] as JsonArray ?? []).Any(c => c?.ToString() == name)).Select(t => t.Key).ToList();
            if (users.Count > 0)
                throw BadRequest($"component templates [{name}] cannot be removed as they are still in use by index templates [{string.Join(", ", users)}]");
            return DeleteFrom(ComponentTemplates, name, $"component template matching [{name}] not found");
        }
    }

    private FakeResponse PutIndexTemplate(string name, JsonObject body)
    {
        lock (Sync)
        {
            var patterns = body["index_patterns"] switch
            {
                JsonArray a => a.DeepClone(),
                JsonValue v => new JsonArray(v.ToString()),
                _ => throw BadRequest("Validation Failed: 1: index patterns are missing;", "action_request_validation_exception"),
            };
            var composedOf = body["composed_of"] as JsonArray ?? [];
            var missing = composedOf.Select(c => c?.ToString() ?? "").Where(c => !ComponentTemplates.ContainsKey(c)).ToList();
            if (missing.Count > 0)
                throw new FakeError(400, "invalid_index_template_exception",
                    $"index_template [{name}] invalid, cause [index template [{name}] specifies component templates [{string.Join(", ", missing)}] that do not exist]");
            RefuseSamePriorityOverlap(name, patterns.AsArray(), body["priority"]);
            var stored = new JsonObject { ["index_patterns"] = patterns };
            if (body["template"] is JsonObject template) stored["template"] = StoredTemplate(template);
            stored["composed_of"] = composedOf.DeepClone(); // ES answers [] when none was given
            foreach (var key in new[] { "priority", "version", "_meta", "allow_auto_create", "ignore_missing_component_templates", "deprecated" })
                if (body[key] is { } v) stored[key] = v.DeepClone();
            if (body["data_stream"] is JsonObject ds)
                stored["data_stream"] = new JsonObject { ["hidden"] = ds["hidden"]?.DeepClone() ?? false, ["allow_custom_routing"] = ds["allow_custom_routing"]?.DeepClone() ?? false };
            StampDates(stored, IndexTemplates.GetValueOrDefault(name));
            IndexTemplates[name] = stored;
            return Acknowledged();
        }
    }

    /// <summary>
    /// ES refuses a composable template whose patterns overlap another's with the same priority (missing = 0):
    /// server/src/main/java/org/elasticsearch/cluster/metadata/MetadataIndexTemplateService.java, v2TemplateOverlaps
    /// (400 illegal_argument_exception, this message; the names joined by "," and each "name => [patterns]").
    /// </summary>
    private void RefuseSamePriorityOverlap(string name, JsonArray patterns, JsonNode? priorityNode)
    {
        static long PriorityOrZero(JsonNode? p) => p is JsonValue v && v.TryGetValue(out long l) ? l : 0;
        static List<string> List(JsonNode? a) => a is JsonArray arr ? arr.Select(p => p!.ToString()).ToList() : [];
        var mine = List(patterns);
        var priority = PriorityOrZero(priorityNode);
        var overlaps = IndexTemplates
            .Where(kv => kv.Key != name && PriorityOrZero(kv.Value["priority"]) == priority && ControlPlane.Assets.GlobPattern.AnyOverlap(mine, List(kv.Value["index_patterns"])))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        if (overlaps.Count == 0) return;
        throw new FakeError(400, "illegal_argument_exception",
            $"index template [{name}] has index patterns [{string.Join(", ", mine)}] matching patterns from existing templates [{string.Join(",", overlaps.Select(o => o.Key))}] "
            + $"with patterns ({string.Join(",", overlaps.Select(o => $"{o.Key} => [{string.Join(", ", List(o.Value["index_patterns"]))}]"))}) that have the same priority [{priority}], "
            + "multiple index templates may not match during index creation, please use a different priority");
    }

    /// <summary>A template's <c>template</c> as ES keeps it: settings normalized to <c>index.</c> strings (answered nested), mappings as given.</summary>
    private static JsonObject StoredTemplate(JsonObject template)
    {
        var stored = new JsonObject();
        if (template["settings"] is JsonObject s) stored["settings"] = NestSettings(FlatSettings(s));
        if (template["mappings"] is JsonObject m && m.Count > 0) stored["mappings"] = m.DeepClone();
        if (template["aliases"] is JsonObject a) stored["aliases"] = a.DeepClone();
        if (template["lifecycle"] is JsonObject l) stored["lifecycle"] = l.DeepClone();
        return stored;
    }

    private void StampDates(JsonObject stored, JsonObject? previous)
    {
        if (!TracksDates) return;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        stored["created_date_millis"] = previous?["created_date_millis"]?.DeepClone() ?? now;
        stored["modified_date_millis"] = now;
    }

    private FakeResponse GetNamed(Dictionary<string, JsonObject> store, string expression, string list, string item, string what)
    {
        lock (Sync)
        {
            var (names, missing) = MatchNames(store.Keys, expression);
            if (missing is not null) throw NotFound("resource_not_found_exception", $"{what} matching [{missing}] not found");
            var items = new JsonArray();
            foreach (var name in names) items.Add(new JsonObject { ["name"] = name, [item] = store[name].DeepClone() });
            return Ok(new JsonObject { [list] = items });
        }
    }

    private FakeResponse DeleteFrom(Dictionary<string, JsonObject> store, string name, string notFound)
    {
        lock (Sync)
        {
            if (!store.Remove(name)) throw NotFound("resource_not_found_exception", notFound);
            return Acknowledged();
        }
    }

    // ---- ingest pipelines -------------------------------------------------------------------------------------------

    private FakeResponse PutPipeline(string id, JsonObject body)
    {
        lock (Sync)
        {
            if (body["processors"] is not JsonArray)
                throw new FakeError(400, "parse_exception", "[processors] required property is missing");
            var stored = (JsonObject)body.DeepClone();
            StampDates(stored, Pipelines.GetValueOrDefault(id));
            Pipelines[id] = stored;
            return Acknowledged();
        }
    }

    /// <summary>ES answers a missing pipeline, and an empty list, with 404 and <c>{}</c>.</summary>
    private FakeResponse GetPipelines(string expression)
    {
        lock (Sync)
        {
            var (names, missing) = MatchNames(Pipelines.Keys, expression);
            if (missing is not null || names.Count == 0) return Ok(new JsonObject(), 404);
            var result = new JsonObject();
            foreach (var name in names) result[name] = Pipelines[name].DeepClone();
            return Ok(result);
        }
    }

    // ---- ILM ----------------------------------------------------------------------------------------------------------

    private FakeResponse PutIlmPolicy(string name, JsonObject body)
    {
        lock (Sync)
        {
            if (body["policy"] is not JsonObject policy)
                throw new FakeError(400, "parse_exception", "[put_lifecycle_request] failed to parse field [policy]: required");
            var stored = (JsonObject)policy.DeepClone();
            foreach (var (_, phase) in stored["phases"] as JsonObject ?? [])
            {
                if (phase is not JsonObject p) continue;
                p["min_age"] ??= "0ms";
                if (p["actions"]?["delete"] is JsonObject delete) delete["delete_searchable_snapshot"] ??= true;
            }
            var version = (IlmPolicies.GetValueOrDefault(name)?.Version ?? 0) + 1;
            IlmPolicies[name] = new FakeIlmPolicy(version, DateTimeOffset.UtcNow, stored);
            return Acknowledged();
        }
    }

    private FakeResponse GetIlmPolicies(string expression)
    {
        lock (Sync)
        {
            var (names, missing) = MatchNames(IlmPolicies.Keys, expression);
            if (missing is not null) throw NotFound("resource_not_found_exception", $"Lifecycle policy not found: [{missing}]");
            var result = new JsonObject();
            foreach (var name in names)
            {
                var p = IlmPolicies[name];
                result[name] = new JsonObject
                {
                    ["version"] = p.Version,
                    ["modified_date"] = p.Modified.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
                    ["policy"] = p.Policy.DeepClone(),
                    ["in_use_by"] = new JsonObject { ["indices"] = new JsonArray(), ["data_streams"] = new JsonArray(), ["composable_templates"] = new JsonArray() },
                };
            }
            return Ok(result);
        }
    }

    private FakeResponse DeleteIlmPolicy(string name)
    {
        lock (Sync)
        {
            if (!IlmPolicies.Remove(name)) throw NotFound("resource_not_found_exception", $"Lifecycle policy not found: [{name}]");
            return Acknowledged();
        }
    }

    // ---- index mappings and settings -----------------------------------------------------------------------------------

    private FakeResponse GetMappings(string expression)
    {
        lock (Sync)
        {
            var result = new JsonObject();
            foreach (var index in Resolve(expression).OrderBy(i => i.Name, StringComparer.Ordinal))
                result[index.Name] = new JsonObject { ["mappings"] = index.Mappings.DeepClone() };
            return Ok(result);
        }
    }

    /// <summary>Merges new fields in; a field's type cannot change; <c>_meta</c> is replaced, as ES does for a mapping update.</summary>
    private FakeResponse PutMapping(string expression, JsonObject body)
    {
        lock (Sync)
        {
            foreach (var index in Resolve(expression))
            {
                var merged = (JsonObject)index.Mappings.DeepClone();
                MergeFields(merged["properties"] as JsonObject ?? (JsonObject)(merged["properties"] = new JsonObject()), body["properties"] as JsonObject ?? [], "");
                foreach (var (key, value) in body)
                    if (key != "properties") merged[key] = value?.DeepClone();
                index.Mappings = MapperOutput(merged);
            }
            return Acknowledged();
        }
    }

    private static void MergeFields(JsonObject into, JsonObject from, string prefix)
    {
        foreach (var (field, definition) in from)
        {
            if (definition is not JsonObject incoming) continue;
            if (into[field] is not JsonObject existing)
            {
                into[field] = incoming.DeepClone();
                continue;
            }
            var before = existing["type"]?.ToString() ?? "object";
            var after = incoming["type"]?.ToString() ?? "object";
            if (before != after)
                throw BadRequest($"mapper [{prefix}{field}] cannot be changed from type [{before}] to [{after}]");
            foreach (var (key, value) in incoming)
            {
                if (key is "properties" or "fields" && value is JsonObject children)
                    MergeFields(existing[key] as JsonObject ?? (JsonObject)(existing[key] = new JsonObject()), children, prefix + field + ".");
                else existing[key] = value?.DeepClone();
            }
        }
    }

    private FakeResponse GetSettings(string expression)
    {
        lock (Sync)
        {
            var result = new JsonObject();
            foreach (var index in Resolve(expression))
                result[index.Name] = new JsonObject { ["settings"] = new JsonObject { ["index"] = StringifySettings(index.Settings) } };
            return Ok(result);
        }
    }

    private FakeResponse PutSettings(string expression, JsonObject body)
    {
        lock (Sync)
        {
            var changes = FlatSettings(body["settings"] as JsonObject ?? body);
            var indices = Resolve(expression);
            var fixedKeys = changes.Select(kv => kv.Key).Where(k => StaticSettings.Contains(k) || k.StartsWith("index.sort.", StringComparison.Ordinal)).ToList();
            if (fixedKeys.Count > 0)
                throw BadRequest($"Can't update non dynamic settings [[{string.Join(", ", fixedKeys)}]] for open indices [{string.Join(", ", indices.Select(i => $"[{i.Name}/fakeuuid]"))}]");
            foreach (var index in indices)
                foreach (var (key, value) in changes)
                {
                    if (value is null) index.Settings.Remove(key);
                    else index.Settings[key] = value.DeepClone();
                }
            return Acknowledged();
        }
    }

    // ---- index creation: what templates give a new index ------------------------------------------------------------

    /// <summary>The settings of a new index: server-owned ones, then the winning template's, then the request's, all flat strings.</summary>
    private JsonObject SettingsOnCreate(string indexName, JsonObject? given)
    {
        var settings = new JsonObject
        {
            ["index.number_of_shards"] = "1",
            ["index.number_of_replicas"] = "1",
            ["index.routing.allocation.include._tier_preference"] = "data_content",
        };
        if (WinningTemplate(indexName) is { } template)
            foreach (var part in TemplateParts(template))
                foreach (var (k, v) in FlatSettings(part["settings"] as JsonObject ?? [])) settings[k] = v?.DeepClone();
        foreach (var (k, v) in FlatSettings(given ?? [])) settings[k] = v?.DeepClone();
        settings["index.uuid"] = Guid.NewGuid().ToString("N")[..22];
        settings["index.creation_date"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString();
        settings["index.provided_name"] = indexName;
        settings["index.version.created"] = Version.StartsWith("9.", StringComparison.Ordinal) ? "9009000" : "8512000";
        return settings;
    }

    /// <summary>The mappings of a new index: the winning template's composed mappings, then the request's, as mappers serialize them.</summary>
    private JsonObject MappingsOnCreate(string indexName, JsonObject? given)
    {
        var mappings = MappingsFromTemplates(indexName) ?? new JsonObject();
        if (given is not null) DeepMerge(mappings, given);
        return MapperOutput(mappings);
    }

    /// <summary>The mappings an index created without a body gets from the highest-priority matching index template; null if none.</summary>
    private JsonObject? MappingsFromTemplates(string indexName)
    {
        if (WinningTemplate(indexName) is not { } template) return null;
        var mappings = new JsonObject();
        foreach (var part in TemplateParts(template))
            if (part["mappings"] is JsonObject m) DeepMerge(mappings, m);
        return mappings;
    }

    private JsonObject? WinningTemplate(string indexName) =>
        IndexTemplates.Values
            .Where(t => (t["index_patterns"] as JsonArray ?? []).Any(p => Glob(p?.ToString() ?? "", indexName)))
            .OrderByDescending(t => t["priority"]?.GetValue<long>() ?? 0)
            .FirstOrDefault();

    /// <summary>Component templates in <c>composed_of</c> order, then the index template's own <c>template</c>.</summary>
    private IEnumerable<JsonObject> TemplateParts(JsonObject indexTemplate)
    {
        foreach (var name in (indexTemplate["composed_of"] as JsonArray ?? []).Select(c => c?.ToString() ?? ""))
            if (ComponentTemplates.GetValueOrDefault(name)?["template"] is JsonObject part) yield return part;
        if (indexTemplate["template"] is JsonObject own) yield return own;
    }

    /// <summary>
    /// Mappings the way an index's mappers write them back: <c>dynamic</c> as a string, <c>scaling_factor</c> as a double,
    /// no <c>type: object</c> on fields with properties, fields sorted by name.
    /// </summary>
    private static JsonObject MapperOutput(JsonObject mappings)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mappings)
            result[key] = key switch
            {
                "dynamic" => JsonValue.Create(value?.ToString().ToLowerInvariant()),
                "properties" when value is JsonObject props => MapperFields(props),
                _ => value?.DeepClone(),
            };
        return result;
    }

    private static JsonObject MapperFields(JsonObject props)
    {
        var result = new JsonObject();
        foreach (var (field, definition) in props.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (definition is not JsonObject d) continue;
            var f = new JsonObject();
            var hasProperties = d["properties"] is JsonObject { Count: > 0 };
            foreach (var (key, value) in d)
            {
                if (key == "type" && value?.ToString() == "object" && hasProperties) continue;
                f[key] = key switch
                {
                    "properties" or "fields" when value is JsonObject children => MapperFields(children),
                    "scaling_factor" => AsDouble(value!),
                    "dynamic" => JsonValue.Create(value?.ToString().ToLowerInvariant()),
                    _ => value?.DeepClone(),
                };
            }
            result[field] = f;
        }
        return result;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------------

    /// <summary>A number written the way Java writes a double: <c>100</c> becomes <c>100.0</c>.</summary>
    private static JsonValue AsDouble(JsonNode value)
    {
        var text = value.ToJsonString();
        if (!text.Contains('.') && !text.Contains('e') && !text.Contains('E')) text += ".0";
        return JsonValue.Create(decimal.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Names matching a comma list of names and wildcards; the first concrete name that matches nothing, if any.</summary>
    private static (List<string> Names, string? Missing) MatchNames(IEnumerable<string> keys, string expression)
    {
        var all = keys.Order(StringComparer.Ordinal).ToList();
        var result = new List<string>();
        foreach (var part in expression.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var hits = part is "_all" or "*" ? all : all.Where(k => Glob(part, k)).ToList();
            if (hits.Count == 0 && !part.Contains('*') && part != "_all") return ([], part);
            result.AddRange(hits.Where(h => !result.Contains(h)));
        }
        return (result, null);
    }

    private static bool Glob(string pattern, string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*") + "$");

    /// <summary>Settings as ES stores them: flat <c>index.</c>-prefixed keys with string values.</summary>
    private static JsonObject FlatSettings(JsonObject settings)
    {
        var flat = new JsonObject();
        void Walk(JsonNode? node, string prefix)
        {
            if (node is JsonObject o) foreach (var (k, v) in o) Walk(v, prefix.Length == 0 ? k : prefix + "." + k);
            else flat[prefix.StartsWith("index.", StringComparison.Ordinal) ? prefix : "index." + prefix] =
                node is null ? null : node is JsonArray a ? new JsonArray(a.Select(e => (JsonNode?)JsonValue.Create(e?.ToString())).ToArray()) : JsonValue.Create(Scalar(node));
        }
        Walk(settings, "");
        return flat;
    }

    private static string Scalar(JsonNode node) => node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    /// <summary>Flat settings answered the way GET does without <c>flat_settings</c>: nested objects.</summary>
    private static JsonObject NestSettings(JsonObject flat)
    {
        var nested = new JsonObject();
        foreach (var (key, value) in flat)
        {
            var parts = key.Split('.');
            var node = nested;
            for (var i = 0; i < parts.Length - 1; i++)
                node = node[parts[i]] as JsonObject ?? (JsonObject)(node[parts[i]] = new JsonObject());
            node[parts[^1]] = value?.DeepClone();
        }
        return nested;
    }

    private static void DeepMerge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from)
        {
            if (into[key] is JsonObject a && value is JsonObject b) DeepMerge(a, b);
            else into[key] = value?.DeepClone();
        }
    }
}

/// <summary>An ILM policy as stored: the policy with defaults filled in, its version (bumped on every PUT) and when it changed.</summary>
public sealed record FakeIlmPolicy(long Version, DateTimeOffset Modified, JsonObject Policy);
