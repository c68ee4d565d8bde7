namespace ControlPlane.Kibana;

/// <summary>
/// What <c>_import</c> answered: how many objects went in and, for each one that did not, why; and which advanced
/// settings were set afterwards (none when an object failed).
/// </summary>
public sealed record KibanaImportResult(bool Success, int SuccessCount, IReadOnlyList<KibanaImportError> Errors)
{
    public IReadOnlyList<string> SettingsSet { get; init; } = [];
}

/// <summary>
/// One entry of the <c>errors</c> array of <c>_import</c>: the object (type, id, title) and Kibana's error type
/// (<c>missing_references</c>, <c>conflict</c>, <c>ambiguous_conflict</c>, <c>unsupported_type</c>, <c>unknown</c>) with its detail.
/// </summary>
public sealed record KibanaImportError(string Type, string Id, string? Title, string ErrorType, string? Detail)
{
    public override string ToString()
    {
        var title = Title is null ? "" : $" \"{Title}\"";
        var detail = Detail is null ? "" : $": {Detail}";
        return $"{Type}/{Id}{title}: {ErrorType}{detail}";
    }
}
