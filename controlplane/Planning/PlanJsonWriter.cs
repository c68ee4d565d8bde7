using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Planning;

/// <summary>
/// <c>plan --json</c>: the same plan as one JSON document for CI (a drift report, a review comment). The shape is
/// documented in docs/plan-json.md and only ever widened; <c>format_version</c> changes if a field changes meaning.
/// Values are the full JSON on each side (text output shortens them), secrets already redacted by <see cref="ValueChange"/>.
/// </summary>
public static class PlanJsonWriter
{
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject ToJson(PlanResult plan)
    {
        int Count(ChangeAction a) => plan.Changes.Count(c => c.Action == a);
        var changes = new JsonArray();
        foreach (var section in plan.Sections)
            foreach (var change in section.Changes)
                changes.Add(Change(section.Section.Name, change));
        return new JsonObject
        {
            ["format_version"] = FormatVersion,
            ["summary"] = new JsonObject
            {
                ["create"] = Count(ChangeAction.Create),
                ["update"] = Count(ChangeAction.Update),
                ["delete"] = Count(ChangeAction.Delete),
                ["unchanged"] = Count(ChangeAction.Unchanged),
                ["conflict"] = Count(ChangeAction.Conflict),
            },
            ["pending"] = plan.HasPending,
            ["changes"] = changes,
        };
    }

    public static Task WriteAsync(PlanResult plan, TextWriter output) =>
        output.WriteLineAsync(ToJson(plan).ToJsonString(Indented));

    private static JsonObject Change(string section, PlannedChange change)
    {
        var values = new JsonArray();
        foreach (var v in change.Values)
            values.Add(new JsonObject
            {
                ["path"] = v.Path.Length == 0 ? "$" : v.Path,
                ["change"] = v.Kind switch { DifferenceKind.OnlyDesired => "added", DifferenceKind.OnlyLive => "removed", _ => "changed" },
                ["live"] = v.Live?.DeepClone(),
                ["desired"] = v.Desired?.DeepClone(),
            });
        return new JsonObject
        {
            ["section"] = section,
            ["action"] = change.Action.ToString().ToLowerInvariant(),
            ["symbol"] = change.Symbol.ToString(),
            ["kind"] = change.Kind,
            ["name"] = change.Name,
            ["changed_paths"] = new JsonArray([.. change.ChangedPaths.Select(p => (JsonNode)JsonValue.Create(p))]),
            ["values"] = values,
            ["note"] = change.Note,
        };
    }
}
