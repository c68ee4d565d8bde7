namespace ControlPlane.Planning;

public enum ChangeAction { Create, Update, Delete, Unchanged }

/// <summary>One line of <c>plan</c>: <c>+</c> create, <c>~</c> update (with changed JSON paths), <c>-</c> delete, <c>=</c> unchanged.</summary>
public sealed record PlannedChange(ChangeAction Action, string Kind, string Name, IReadOnlyList<string> ChangedPaths, string? Note = null)
{
    public char Symbol => Action switch { ChangeAction.Create => '+', ChangeAction.Update => '~', ChangeAction.Delete => '-', _ => '=' };
    public bool IsPending => Action != ChangeAction.Unchanged;

    public override string ToString()
    {
        var paths = ChangedPaths.Count == 0 ? "" : " (" + string.Join(", ", ChangedPaths) + ")";
        var note = Note is null ? "" : " — " + Note;
        return $"{Symbol} {Kind} {Name}{paths}{note}";
    }
}

/// <summary>
/// A part of the desired state that <c>plan</c> compares and <c>apply</c> carries out: Elasticsearch assets, Kibana objects.
/// Sections run in <see cref="Order"/>; a section that is not configured (no KIBANA_URL) is skipped.
/// </summary>
public interface IPlanSection
{
    string Name { get; }
    int Order { get; }
    bool IsConfigured { get; }
    Task<IReadOnlyList<PlannedChange>> PlanAsync(Assets.AssetRoot root, CancellationToken ct);
    Task ApplyAsync(Assets.AssetRoot root, IReadOnlyList<PlannedChange> plan, CancellationToken ct);
}
