namespace ControlPlane.Assets;

/// <summary>
/// The path notation of diagnostics and plans: <c>body.processors[0].set.field</c>, the same shape NJsonSchema reports
/// (<c>#/processors[0].set.field</c>) so a schema error maps straight back to a YAML line.
/// </summary>
public static class JsonPaths
{
    public static string Child(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    public static string Item(string parent, int index) => $"{parent}[{index}]";

    /// <summary>The enclosing path; <c>""</c> for a top-level key. Keys with dots climb one dotted piece at a time, which is fine for line lookup.</summary>
    public static string Parent(string path)
    {
        var i = path.LastIndexOfAny(['.', '[']);
        return i <= 0 ? "" : path[..i];
    }

    /// <summary><c>#/a.b[0]</c> (NJsonSchema) → <c>a.b[0]</c>; <c>#</c> → <c>""</c>.</summary>
    public static string FromSchemaPath(string schemaPath) =>
        schemaPath.StartsWith("#/", StringComparison.Ordinal) ? schemaPath[2..] : schemaPath == "#" ? "" : schemaPath;

    /// <summary>The first segment: <c>pivot</c> of <c>pivot.group_by.store_id</c>.</summary>
    public static string Root(string path)
    {
        var i = path.IndexOfAny(['.', '[']);
        return i < 0 ? path : path[..i];
    }
}
