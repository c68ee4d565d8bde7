using System.Text.Json.Nodes;

namespace ControlPlane.Kibana;

/// <summary>
/// One line of <c>kibana-saved-objects/*.ndjson</c>: a saved object exactly as Kibana's <c>_export</c> writes it
/// (and <c>_import</c> takes it). <see cref="Text"/> is the line as written, so import sends our bytes unchanged.
/// </summary>
public sealed record SavedObject(string File, int Line, string Text, JsonObject Json)
{
    public string Type => Json["type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
    public string Id => Json["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
    public SavedObjectKey Key => new(Type, Id);

    /// <summary><c>attributes.title</c>: a data view's index pattern, a dashboard's or visualization's title.</summary>
    public string? Title => Json["attributes"]?["title"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Where the object is written, for messages: <c>kibana-saved-objects/x.ndjson:3</c>.</summary>
    public string Location => $"{File}:{Line}";

    public IEnumerable<SavedObjectReference> References =>
        (Json["references"] as JsonArray ?? []).OfType<JsonObject>().Select(r => new SavedObjectReference(
            r["name"]?.ToString() ?? "", r["type"]?.ToString() ?? "", r["id"]?.ToString() ?? ""));
}

/// <summary>What identifies a saved object within a space.</summary>
public readonly record struct SavedObjectKey(string Type, string Id)
{
    public override string ToString() => $"{Type}/{Id}";
}

/// <summary>An entry of a saved object's <c>references</c>: the object points to <c>type/id</c> under <c>name</c>.</summary>
public sealed record SavedObjectReference(string Name, string Type, string Id)
{
    public SavedObjectKey Target => new(Type, Id);
}
