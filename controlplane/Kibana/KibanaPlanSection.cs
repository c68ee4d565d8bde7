using System.Text.Json.Nodes;
using ControlPlane.Assets;
using ControlPlane.Configuration;
using ControlPlane.Http;
using ControlPlane.Planning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Kibana;

/// <summary>
/// Kibana's part of <c>plan</c>/<c>apply</c>: exports our saved objects by (type, id), normalizes both sides
/// (<see cref="SavedObjectNormalizer"/>) and reports <c>+</c> missing, <c>~</c> different (with the JSON paths), <c>=</c> equal;
/// the same for the advanced settings we set (<see cref="AdvancedSettings"/>). Apply is one import of the whole set, then
/// the settings. Objects and settings we do not define are never touched, so there is no <c>-</c>.
/// </summary>
public sealed class KibanaPlanSection(
    KibanaClient client, SavedObjectImporter importer, IOptionsMonitor<RestTransportOptions> connections,
    IOptions<KibanaOptions> options, ILogger<KibanaPlanSection> logger) : IPlanSection
{
    /// <summary>Kind prefix of our plan lines: <c>~ kibana/dashboard platform-store-overview (attributes.title)</c>.</summary>
    public const string KindPrefix = "kibana/";

    public string Name => "kibana";

    /// <summary>After Elasticsearch (whose section uses a lower number): data views point at indices that must exist first.</summary>
    public int Order => 200;

    public bool IsConfigured => connections.Get(ConnectionOptionsSetup.Kibana).IsConfigured;

    public async Task<IReadOnlyList<PlannedChange>> PlanAsync(AssetRoot root, CancellationToken ct)
    {
        var desired = SavedObjectImporter.LoadChecked(root);
        var export = await client.ExportAsync(desired.Select(o => o.Key).ToList(), options.Value.Space, ct).ConfigureAwait(false);
        var live = export.Objects.ToDictionary(o => new SavedObjectKey(o["type"]?.ToString() ?? "", o["id"]?.ToString() ?? ""));

        var plan = new List<PlannedChange>();
        foreach (var o in desired)
        {
            var kind = KindPrefix + o.Type;
            if (!live.TryGetValue(o.Key, out var current))
            {
                plan.Add(new PlannedChange(ChangeAction.Create, kind, o.Id, [], o.Title));
                continue;
            }
            var differences = JsonDiff.CompareWithValues(SavedObjectNormalizer.Normalize(o.Json), SavedObjectNormalizer.Normalize(current));
            var paths = JsonDiff.ChangedPaths(differences.Select(d => d.Path).ToList());
            plan.Add(paths.Count == 0
                ? new PlannedChange(ChangeAction.Unchanged, kind, o.Id, [], o.Title)
                : new PlannedChange(ChangeAction.Update, kind, o.Id, paths, o.Title) { Values = differences.Take(10).ToList() });
        }
        // The advanced settings we set (dateFormat:tz): + when the space has no value of its own, ~ when it holds another.
        var settings = AdvancedSettings.Load(root);
        if (settings.Values.Count > 0)
        {
            var liveSettings = await client.GetSettingsAsync(options.Value.Space, ct).ConfigureAwait(false);
            foreach (var (name, value) in settings.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var current = liveSettings.GetValueOrDefault(name);
                plan.Add(current is null ? new PlannedChange(ChangeAction.Create, AdvancedSettings.Kind, name, [], value.ToJsonString())
                    : JsonNode.DeepEquals(current, value) ? new PlannedChange(ChangeAction.Unchanged, AdvancedSettings.Kind, name, [])
                    : new PlannedChange(ChangeAction.Update, AdvancedSettings.Kind, name, ["userValue"], $"{current.ToJsonString()} → {value.ToJsonString()}"));
            }
        }
        KibanaLog.Planned(logger, plan.Count(p => p.IsPending), plan.Count);
        return plan;
    }

    public async Task ApplyAsync(AssetRoot root, IReadOnlyList<PlannedChange> plan, CancellationToken ct)
    {
        if (!plan.Any(p => p.IsPending && p.Kind.StartsWith(KindPrefix, StringComparison.Ordinal))) return;
        var result = await importer.ImportAsync(root, null, ct).ConfigureAwait(false);
        if (result.Errors.Count > 0)
            throw new InvalidOperationException($"Kibana refused {result.Errors.Count} saved object(s):\n  " + string.Join("\n  ", result.Errors));
    }
}
