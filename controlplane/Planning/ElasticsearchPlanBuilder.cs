using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Elastic;

namespace ControlPlane.Planning;

/// <summary>
/// Compares the desired state with the live one and decides, per object, create / update / delete / unchanged / conflict,
/// together with the requests that carry it out in dependency order. Pure: <c>render</c> runs it against an empty cluster.
/// </summary>
public static class ElasticsearchPlanBuilder
{
    /// <summary>Paths shown per line at most; the rest are counted.</summary>
    private const int MaxPaths = 10;

    private static readonly string[] ImmutableTransformParts = ["source", "pivot", "latest", "dest"];
    private static readonly string[] UpdatableTransformParts = ["description", "frequency", "sync", "settings", "_meta", "retention_policy"];
    private static readonly string[] RunningStates = ["started", "indexing"];

    public static ElasticsearchPlan Build(DesiredState desired, LiveState live)
    {
        var changes = new List<PlannedChange>();
        var steps = new List<AssetRequest>();
        var repositoryTemplates = desired.Objects.Where(o => o.Kind == AssetKinds.IndexTemplate).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var o in desired.Objects) PlanObject(o, live, changes, steps, repositoryTemplates);
        foreach (var index in desired.Indices)
        {
            var plan = PlanIndex(index, live);
            changes.Add(plan.Change);
            steps.AddRange(plan.Steps);
            steps.AddRange(plan.AliasSteps);
            changes.AddRange(RetainedIndices(index, live));
        }
        foreach (var t in desired.Transforms) PlanTransform(t, live, changes, steps);
        PlanDeletes(desired, live, changes, steps);
        return new ElasticsearchPlan(changes, steps);
    }

    // ---- ILM policies, component and index templates, pipelines ---------------------------------------------

    private static void PlanObject(DesiredObject o, LiveState live, List<PlannedChange> changes, List<AssetRequest> steps, IReadOnlySet<string> repositoryTemplates)
    {
        if (o.Kind == AssetKinds.Role && live.RolesUnreadable is { } refused)
        {
            changes.Add(new PlannedChange(ChangeAction.Conflict, o.Kind, o.Name, [],
                $"these credentials cannot read roles (GET _security/role needs read_security; creating them manage_security): {refused}; plan and apply roles as a security admin"));
            return;
        }
        var exists = live.Objects(o.Kind).TryGetValue(o.Name, out var current);
        if (o.Kind == AssetKinds.IndexTemplate && (!exists || ManagedMeta.IsManaged(LiveState.MetaOf(o.Kind, current!)))
            && TemplateOverlapCheck.Conflict(o.Name, o.Body, live, repositoryTemplates) is { } refusal
            && (!exists || JsonDiff.Compare(AssetNormalizer.Normalize(o.Kind, o.Body), AssetNormalizer.Normalize(o.Kind, current!)).Count > 0))
        {
            changes.Add(new PlannedChange(ChangeAction.Conflict, o.Kind, o.Name, [], refusal));
            return;
        }
        if (!exists)
        {
            changes.Add(new PlannedChange(ChangeAction.Create, o.Kind, o.Name, []));
            steps.Add(o.Put);
            return;
        }
        if (!ManagedMeta.IsManaged(LiveState.MetaOf(o.Kind, current!)))
        {
            changes.Add(Unmanaged(o.Kind, o.Name, o.Asset));
            return;
        }
        var differences = JsonDiff.CompareWithValues(AssetNormalizer.Normalize(o.Kind, o.Body), AssetNormalizer.Normalize(o.Kind, current!));
        if (differences.Count == 0)
        {
            changes.Add(new PlannedChange(ChangeAction.Unchanged, o.Kind, o.Name, []));
            return;
        }
        changes.Add(new PlannedChange(ChangeAction.Update, o.Kind, o.Name, Paths(differences.Select(d => d.Path))) { Values = Values(differences) });
        steps.Add(o.Put);
    }

    // ---- indices ------------------------------------------------------------------------------------------------

    /// <summary>One index's line, the requests that create or update it, and (separately, so a transform can start first) the alias move.</summary>
    private sealed record IndexPlan(PlannedChange Change, List<AssetRequest> Steps, List<AssetRequest> AliasSteps);

    private static IndexPlan PlanIndex(DesiredIndex d, LiveState live)
    {
        var holders = live.AliasHolders.GetValueOrDefault(d.Alias) ?? [];
        var others = holders.Keys.Where(h => h != d.Name).Order(StringComparer.Ordinal).ToList();
        if (live.IndexMappings.ContainsKey(d.Alias) && holders.Count == 0)
            return Blocked(d, [], $"an index named '{d.Alias}' exists, so the alias '{d.Alias}' cannot be created; it is not managed by {IndexNames.ManagedBy}: reindex or remove it by hand");
        var foreign = others.Where(h => !live.IsManagedIndex(h)).ToList();
        if (foreign.Count > 0)
            return Blocked(d, [], $"alias '{d.Alias}' is on index(es) not managed by {IndexNames.ManagedBy}: {string.Join(", ", foreign)}");

        if (!live.Indices.TryGetValue(d.Name, out var current))
        {
            var withAlias = holders.Count == 0;
            var note = others.Count > 0 ? $"alias {d.Alias} moves here from {string.Join(", ", others)} (kept for rollback)" : null;
            return new IndexPlan(new PlannedChange(ChangeAction.Create, AssetKinds.Index, d.Name, [], note),
                [d.Create(withAlias)], withAlias ? [] : [MoveAlias(d, others)]);
        }
        if (!ManagedMeta.IsManaged(current.Mappings["_meta"]))
            return new IndexPlan(Unmanaged(AssetKinds.Index, d.Name, d.Asset), [], []);

        var paths = new List<string>();
        var blocked = new List<string>();
        var values = new List<ValueChange>();
        var steps = new List<AssetRequest>();

        var desiredMappings = MappingsNormalizer.Normalize(d.EffectiveMappings);
        var liveMappings = MappingsNormalizer.Normalize(current.Mappings);
        if (desiredMappings["dynamic"]?.ToString() != "strict") MappingsNormalizer.DropLiveOnlyFields(desiredMappings, liveMappings);
        var mappingChanges = JsonDiff.CompareWithValues(desiredMappings, liveMappings, "mappings");
        values.AddRange(mappingChanges);
        foreach (var difference in mappingChanges)
        {
            // New fields and _meta can be added to an open index; anything else rewrites existing data.
            var additive = difference.Kind == DifferenceKind.OnlyDesired || difference.Path.StartsWith("mappings._meta", StringComparison.Ordinal);
            (additive ? paths : blocked).Add(difference.Path);
        }
        if (mappingChanges.Count > 0 && blocked.Count == 0)
            steps.Add(new AssetRequest(AssetKinds.Index, d.Name, "PUT", ElasticPaths.IndexMapping(d.Name), (JsonObject)d.EffectiveMappings.DeepClone(), null, d.Asset));

        var settingsUpdate = new JsonObject();
        var autoExpand = d.EffectiveSettings["index.auto_expand_replicas"]?.ToString() is { } ae && ae != "false";
        foreach (var (key, value) in d.EffectiveSettings)
        {
            if (key == "index.number_of_replicas" && autoExpand) continue; // the cluster sets it from auto_expand_replicas
            if (CanonicalJson.Write(value) == CanonicalJson.Write(current.Settings[key])) continue;
            var path = "settings." + key;
            values.Add(ValueChange.Of(path, current.Settings[key] is null ? DifferenceKind.OnlyDesired : DifferenceKind.Changed, current.Settings[key], value));
            if (IndexSettingsRules.IsStatic(key)) blocked.Add(path);
            else
            {
                paths.Add(path);
                settingsUpdate[key] = value?.DeepClone();
            }
        }
        if (settingsUpdate.Count > 0)
            steps.Add(new AssetRequest(AssetKinds.Index, d.Name, "PUT", ElasticPaths.IndexSettings(d.Name), settingsUpdate, null, d.Asset));

        var aliasSteps = new List<AssetRequest>();
        if (!holders.TryGetValue(d.Name, out var isWrite) || isWrite != d.IsWriteIndex || others.Count > 0)
        {
            paths.Add("aliases." + d.Alias);
            JsonNode? liveAlias = holders.TryGetValue(d.Name, out var w) ? new JsonObject { ["is_write_index"] = w } : null;
            values.Add(ValueChange.Of("aliases." + d.Alias, liveAlias is null ? DifferenceKind.OnlyDesired : DifferenceKind.Changed, liveAlias, new JsonObject { ["is_write_index"] = d.IsWriteIndex }));
            aliasSteps.Add(MoveAlias(d, others));
        }

        if (blocked.Count > 0)
            return Blocked(d, blocked, $"mappings or static settings cannot change in place: bump version in {d.Asset.File} (creates {ElasticAsset.VersionedName(d.Asset.Name, d.Asset.Version + 1)})",
                values.Where(v => blocked.Contains(v.Path)));
        if (paths.Count == 0)
            return new IndexPlan(new PlannedChange(ChangeAction.Unchanged, AssetKinds.Index, d.Name, []), [], []);
        return new IndexPlan(new PlannedChange(ChangeAction.Update, AssetKinds.Index, d.Name, Paths(paths)) { Values = Values(values.Where(v => paths.Contains(v.Path))) }, steps, aliasSteps);
    }

    private static IndexPlan Blocked(DesiredIndex d, IEnumerable<string> paths, string note, IEnumerable<ValueChange>? values = null) =>
        new(new PlannedChange(ChangeAction.Conflict, AssetKinds.Index, d.Name, Paths(paths), note) { Values = Values(values ?? []) }, [], []);

    /// <summary>One atomic <c>_aliases</c> call: the alias leaves the older versions and lands on this one.</summary>
    private static AssetRequest MoveAlias(DesiredIndex d, IEnumerable<string> from)
    {
        var actions = new JsonArray();
        foreach (var index in from) actions.Add(new JsonObject { ["remove"] = new JsonObject { ["index"] = index, ["alias"] = d.Alias } });
        var add = new JsonObject { ["index"] = d.Name, ["alias"] = d.Alias };
        if (d.IsWriteIndex) add["is_write_index"] = true;
        actions.Add(new JsonObject { ["add"] = add });
        return new AssetRequest(AssetKinds.Index, d.Name, "POST", ElasticPaths.Aliases, new JsonObject { ["actions"] = actions }, null, d.Asset);
    }

    /// <summary>Older (or newer) versions of an asset's index stay for rollback; plan lists them so nobody wonders.</summary>
    private static IEnumerable<PlannedChange> RetainedIndices(DesiredIndex d, LiveState live) =>
        live.IndexMappings
            .Where(kv => kv.Key != d.Name && ManagedMeta.IsManaged(kv.Value["_meta"]) && ManagedMeta.AssetOf(kv.Value["_meta"]) == d.Asset.Name)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new PlannedChange(ChangeAction.Unchanged, AssetKinds.Index, kv.Key, [], $"kept for rollback ({d.Asset.Name} is at v{d.Asset.Version})"));

    // ---- transforms ---------------------------------------------------------------------------------------------

    private static void PlanTransform(DesiredTransform t, LiveState live, List<PlannedChange> changes, List<AssetRequest> steps)
    {
        var dest = PlanIndex(t.Dest, live);
        changes.Add(dest.Change);
        steps.AddRange(dest.Steps);
        changes.AddRange(RetainedIndices(t.Dest, live));

        var olderVersions = live.Transforms
            .Where(kv => kv.Key != t.Id && ManagedMeta.IsManaged(kv.Value["_meta"]) && ManagedMeta.AssetOf(kv.Value["_meta"]) == t.Alias)
            .Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();

        if (!live.Transforms.TryGetValue(t.Id, out var current))
        {
            var running = olderVersions.Where(id => IsRunningOrFailed(live, id)).ToList();
            changes.Add(new PlannedChange(ChangeAction.Create, AssetKinds.Transform, t.Id, [],
                running.Count > 0 ? $"replaces {string.Join(", ", running)}, which stop and are kept for rollback" : null));
            steps.Add(t.Put);
            if (t.Start) steps.Add(t.StartRequest);
        }
        else if (!ManagedMeta.IsManaged(current["_meta"]))
        {
            changes.Add(Unmanaged(AssetKinds.Transform, t.Id, t.Asset));
        }
        else
        {
            PlanTransformUpdate(t, current, live, changes, steps);
        }

        // The alias moves once the new transform runs; then the versions it replaces stop (not deleted: rollback).
        steps.AddRange(dest.AliasSteps);
        foreach (var id in olderVersions)
        {
            var state = live.TransformStates.GetValueOrDefault(id, "stopped");
            if (IsRunningOrFailed(live, id))
            {
                changes.Add(new PlannedChange(ChangeAction.Update, AssetKinds.Transform, id, [$"state: {state} → stopped"], $"older version: stops, kept for rollback ({t.Alias} is at v{t.Asset.Version})"));
                steps.Add(Stop(id, force: state == "failed", t.Asset));
            }
            else
                changes.Add(new PlannedChange(ChangeAction.Unchanged, AssetKinds.Transform, id, [], $"kept for rollback ({t.Alias} is at v{t.Asset.Version})"));
        }
    }

    private static void PlanTransformUpdate(DesiredTransform t, JsonObject current, LiveState live, List<PlannedChange> changes, List<AssetRequest> steps)
    {
        var differences = JsonDiff.CompareWithValues(AssetNormalizer.Transform(t.Body), AssetNormalizer.Transform(current));
        var immutable = differences.Where(d => ImmutableTransformParts.Contains(JsonPaths.Root(d.Path)) && !d.Path.StartsWith("dest.pipeline", StringComparison.Ordinal)).ToList();
        var removed = differences.Where(d => d.Kind == DifferenceKind.OnlyLive && JsonPaths.Root(d.Path) != "_meta").ToList();
        var bump = $"bump version in {t.Asset.File} (creates {ElasticAsset.VersionedName(t.Alias, t.Asset.Version + 1)} beside this one, kept for rollback)";
        if (immutable.Count > 0)
        {
            changes.Add(new PlannedChange(ChangeAction.Conflict, AssetKinds.Transform, t.Id, Paths(immutable.Select(d => d.Path)),
                $"source, pivot, latest and dest cannot change in place: {bump}") { Values = Values(immutable) });
            return;
        }
        if (removed.Count > 0)
        {
            changes.Add(new PlannedChange(ChangeAction.Conflict, AssetKinds.Transform, t.Id, Paths(removed.Select(d => d.Path)),
                $"settings cannot be removed from a transform in place: {bump}") { Values = Values(removed) });
            return;
        }

        var state = live.TransformStates.GetValueOrDefault(t.Id, "stopped");
        // A batch transform stops by itself when done; only a continuous one is expected to keep running.
        var needsStart = t.Start && t.IsContinuous && !RunningStates.Contains(state);
        if (differences.Count == 0 && !needsStart)
        {
            changes.Add(new PlannedChange(ChangeAction.Unchanged, AssetKinds.Transform, t.Id, []));
            return;
        }
        var paths = differences.Select(d => d.Path).ToList();
        var values = differences.ToList();
        if (needsStart)
        {
            paths.Add($"state: {state} → started");
            values.Add(ValueChange.Of("state", DifferenceKind.Changed, JsonValue.Create(state), JsonValue.Create("started")));
        }
        changes.Add(new PlannedChange(ChangeAction.Update, AssetKinds.Transform, t.Id, Paths(paths)) { Values = Values(values) });
        if (differences.Count > 0) steps.Add(Update(t, differences));
        if (needsStart)
        {
            if (state == "failed") steps.Add(Stop(t.Id, force: true, t.Asset));
            steps.Add(t.StartRequest);
        }
    }

    /// <summary><c>_update</c> with the changed updatable parts, as the repository has them.</summary>
    private static AssetRequest Update(DesiredTransform t, IEnumerable<ValueChange> differences)
    {
        var body = new JsonObject();
        foreach (var part in differences.Select(d => JsonPaths.Root(d.Path)).Distinct())
        {
            if (UpdatableTransformParts.Contains(part)) body[part] = t.Body[part]?.DeepClone();
            else if (part == "dest") body["dest"] = t.Body["dest"]?.DeepClone();
        }
        return new AssetRequest(AssetKinds.Transform, t.Id, "POST", ElasticPaths.UpdateTransform(t.Id), body, RequestSchemas.UpdateTransform, t.Asset);
    }

    private static AssetRequest Stop(string id, bool force, ElasticAsset? asset) =>
        new(AssetKinds.Transform, id, "POST", ElasticPaths.StopTransform(id, force), null, null, asset);

    private static bool IsRunningOrFailed(LiveState live, string id) =>
        live.TransformStates.GetValueOrDefault(id, "stopped") is "started" or "indexing" or "failed";

    // ---- objects of ours that left the repository ---------------------------------------------------------------

    /// <summary>Transforms first (they read indices), then indices, pipelines, index templates, component templates, ILM policies.</summary>
    private static void PlanDeletes(DesiredState desired, LiveState live, List<PlannedChange> changes, List<AssetRequest> steps)
    {
        var transformAssets = desired.Transforms.Select(t => t.Alias).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, config) in Sorted(live.Transforms))
        {
            if (!ManagedMeta.IsManaged(config["_meta"]) || transformAssets.Contains(ManagedMeta.AssetOf(config["_meta"]) ?? id)) continue;
            changes.Add(new PlannedChange(ChangeAction.Delete, AssetKinds.Transform, id, [], "its asset left transforms/"));
            steps.Add(new AssetRequest(AssetKinds.Transform, id, "DELETE", ElasticPaths.DeleteTransform(id), null, null, null, IgnoreNotFound: true));
        }

        var indexAssets = desired.AllIndices.Select(i => i.Asset.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (index, mappings) in Sorted(live.IndexMappings))
        {
            if (!ManagedMeta.IsManaged(mappings["_meta"]) || indexAssets.Contains(ManagedMeta.AssetOf(mappings["_meta"]) ?? index)) continue;
            changes.Add(new PlannedChange(ChangeAction.Delete, AssetKinds.Index, index, [], "its asset left the repository; its documents are deleted too"));
            steps.Add(new AssetRequest(AssetKinds.Index, index, "DELETE", ElasticPaths.Index(index), null, null, null, IgnoreNotFound: true));
        }

        foreach (var kind in new[] { AssetKinds.Role, AssetKinds.IngestPipeline, AssetKinds.IndexTemplate, AssetKinds.ComponentTemplate, AssetKinds.IlmPolicy })
        {
            var wanted = desired.Objects.Where(o => o.Kind == kind).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var (name, body) in Sorted(live.Objects(kind)))
            {
                if (!ManagedMeta.IsManaged(LiveState.MetaOf(kind, body)) || wanted.Contains(name)) continue;
                changes.Add(new PlannedChange(ChangeAction.Delete, kind, name, [], "its asset left the repository"));
                var path = kind switch
                {
                    AssetKinds.IngestPipeline => ElasticPaths.IngestPipeline(name),
                    AssetKinds.IndexTemplate => ElasticPaths.IndexTemplate(name),
                    AssetKinds.ComponentTemplate => ElasticPaths.ComponentTemplate(name),
                    AssetKinds.Role => ElasticPaths.Role(name),
                    _ => ElasticPaths.IlmPolicy(name),
                };
                steps.Add(new AssetRequest(kind, name, "DELETE", path, null, null, null, IgnoreNotFound: true));
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static PlannedChange Unmanaged(string kind, string name, ElasticAsset asset) =>
        new(ChangeAction.Conflict, kind, name, [],
            $"exists in Elasticsearch but is not managed by {IndexNames.ManagedBy} (no {(kind == AssetKinds.Role ? "metadata" : "_meta")}.managed_by); it is left alone: rename {asset.File} or remove the object by hand");

    private static IReadOnlyList<string> Paths(IEnumerable<string> paths)
    {
        var all = paths.Distinct().ToList();
        return all.Count <= MaxPaths ? all : [.. all.Take(MaxPaths), $"+{all.Count - MaxPaths} more"];
    }

    /// <summary>The values shown with a line: as many as its paths (the first <see cref="MaxPaths"/>).</summary>
    internal static IReadOnlyList<ValueChange> Values(IEnumerable<ValueChange> values) =>
        values.DistinctBy(v => v.Path).Take(MaxPaths).ToList();

    private static IEnumerable<KeyValuePair<string, T>> Sorted<T>(Dictionary<string, T> d) => d.OrderBy(kv => kv.Key, StringComparer.Ordinal);
}
