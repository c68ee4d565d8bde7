using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ControlPlane.Assets;
using ControlPlane.Elastic;

namespace ControlPlane.Kibana;

/// <summary>
/// The offline checks <c>validate</c> runs on <c>kibana-saved-objects/</c>: valid NDJSON, the fields Kibana's
/// <c>_import</c> needs, unique (type, id), every reference resolvable inside the set, dashboards' panel references
/// and Lens layers' data-view references present, every data view pointing at an index or alias we define, and the
/// advanced settings file (<see cref="AdvancedSettings"/>) readable.
/// </summary>
public sealed class SavedObjectsCheck : IAssetCheck
{
    /// <summary>The names a data view may target: the five indices/aliases of interface.md and the streaming alerts' alias.</summary>
    public static readonly IReadOnlyList<string> Targets =
        [IndexNames.Sales, IndexNames.FraudSales, IndexNames.DailyAov, IndexNames.WeeklyAov, IndexNames.DeadLetter, IndexNames.Alerts];

    public string Name => "kibana saved objects";

    public IEnumerable<AssetDiagnostic> Check(AssetRoot root)
    {
        var diagnostics = Check(SavedObjectFiles.Read(root)).ToList();
        try
        {
            AdvancedSettings.Load(root);
        }
        catch (AssetException ex)
        {
            diagnostics.Add(new AssetDiagnostic(ex.File, ex.Line, ex.Problem));
        }
        return diagnostics;
    }

    public static IReadOnlyList<AssetDiagnostic> Check(SavedObjectFiles.ReadResult read)
    {
        var diagnostics = new List<AssetDiagnostic>(read.Diagnostics);
        var objects = read.Objects;
        var seen = new Dictionary<SavedObjectKey, SavedObject>();
        foreach (var o in objects)
        {
            var before = diagnostics.Count;
            CheckShape(o, diagnostics);
            if (diagnostics.Count > before) continue;
            if (seen.TryGetValue(o.Key, out var first))
                diagnostics.Add(Diag(o, $"{o.Key} is defined twice (also at {first.Location}); Kibana would import only one of them"));
            else seen[o.Key] = o;
        }
        foreach (var o in objects.Where(o => seen.TryGetValue(o.Key, out var s) && ReferenceEquals(s, o)))
        {
            foreach (var r in o.References)
                if (!seen.ContainsKey(r.Target))
                    diagnostics.Add(Diag(o, $"{o.Key} references {r.Target} (as '{r.Name}'), which is not defined in kibana-saved-objects/"));
            switch (o.Type)
            {
                case "index-pattern": CheckDataView(o, diagnostics); break;
                case "dashboard": CheckDashboard(o, diagnostics); break;
                case "lens": CheckLens(o, diagnostics); break;
            }
        }
        return diagnostics;
    }

    private static void CheckShape(SavedObject o, List<AssetDiagnostic> diagnostics)
    {
        if (o.Type.Length == 0) diagnostics.Add(Diag(o, "missing string 'type'"));
        if (o.Id.Length == 0) diagnostics.Add(Diag(o, "missing string 'id': saved objects need fixed ids so imports overwrite instead of duplicating"));
        if (o.Json["attributes"] is not JsonObject) diagnostics.Add(Diag(o, "missing object 'attributes'"));
        if (o.Json["references"] is not JsonArray refs) diagnostics.Add(Diag(o, "missing array 'references'"));
        else if (refs.Any(r => r is not JsonObject ro || ro["name"] is null || ro["type"] is null || ro["id"] is null))
            diagnostics.Add(Diag(o, "every entry of 'references' needs 'name', 'type' and 'id'"));
        foreach (var field in new[] { "coreMigrationVersion", "typeMigrationVersion" })
            if (o.Json[field] is null)
                diagnostics.Add(Diag(o, $"missing '{field}': without it Kibana runs every migration since 7.x on import and rewrites the object"));
    }

    private static void CheckDataView(SavedObject o, List<AssetDiagnostic> diagnostics)
    {
        if (o.Title is not { Length: > 0 } title)
        {
            diagnostics.Add(Diag(o, $"data view {o.Id} has no attributes.title (its index pattern)"));
            return;
        }
        foreach (var part in title.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (!Targets.Any(t => Matches(part, t)))
                diagnostics.Add(Diag(o, $"data view {o.Id} targets '{part}', which matches none of our indices/aliases ({string.Join(", ", Targets)})"));
    }

    private static bool Matches(string pattern, string name) =>
        pattern.Contains('*') ? Regex.IsMatch(name, "^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$") : pattern == name;

    private static void CheckDashboard(SavedObject o, List<AssetDiagnostic> diagnostics)
    {
        if (ParseJsonString(o, "panelsJSON", diagnostics) is not JsonArray panels) return;
        var names = o.References.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var panel in panels.OfType<JsonObject>())
        {
            if (panel["panelRefName"]?.ToString() is { } refName && !names.Contains(refName))
                diagnostics.Add(Diag(o, $"dashboard {o.Id} panel {panel["panelIndex"]} uses panelRefName '{refName}', which is not in its references"));
            if (panel["panelRefName"] is null && panel["embeddableConfig"]?["attributes"] is null)
                diagnostics.Add(Diag(o, $"dashboard {o.Id} panel {panel["panelIndex"]} has neither a panelRefName nor inline attributes"));
        }
    }

    private static void CheckLens(SavedObject o, List<AssetDiagnostic> diagnostics)
    {
        var layers = o.Json["attributes"]?["state"]?["datasourceStates"]?["formBased"]?["layers"] as JsonObject;
        if (layers is null)
        {
            diagnostics.Add(Diag(o, $"lens {o.Id} has no attributes.state.datasourceStates.formBased.layers"));
            return;
        }
        var names = o.References.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (layerId, _) in layers)
            if (!names.Contains($"indexpattern-datasource-layer-{layerId}"))
                diagnostics.Add(Diag(o, $"lens {o.Id} layer '{layerId}' has no data view reference named 'indexpattern-datasource-layer-{layerId}'"));
    }

    private static JsonNode? ParseJsonString(SavedObject o, string attribute, List<AssetDiagnostic> diagnostics)
    {
        if (o.Json["attributes"]?[attribute] is not JsonValue v || !v.TryGetValue<string>(out var text))
        {
            diagnostics.Add(Diag(o, $"{o.Type} {o.Id} has no string attributes.{attribute}"));
            return null;
        }
        try { return JsonNode.Parse(text); }
        catch (JsonException ex)
        {
            diagnostics.Add(Diag(o, $"{o.Type} {o.Id} attributes.{attribute} is not valid JSON: {ex.Message}"));
            return null;
        }
    }

    private static AssetDiagnostic Diag(SavedObject o, string message) => new(o.File, o.Line, message);
}
