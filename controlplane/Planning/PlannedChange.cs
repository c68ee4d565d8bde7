namespace ControlPlane.Planning;

/// <summary>
/// What plan proposes for one object. <see cref="Conflict"/> is a change that cannot be carried out as asked (an object we do
/// not manage holds the name, or a field changed that needs a version bump): plan reports it, apply refuses to start.
/// </summary>
public enum ChangeAction { Create, Update, Delete, Unchanged, Conflict }

/// <summary>One line of <c>plan</c>: <c>+</c> create, <c>~</c> update (with changed JSON paths), <c>-</c> delete, <c>=</c> unchanged, <c>!</c> conflict.</summary>
public sealed record PlannedChange(ChangeAction Action, string Kind, string Name, IReadOnlyList<string> ChangedPaths, string? Note = null)
{
    public char Symbol => Action switch
    {
        ChangeAction.Create => '+', ChangeAction.Update => '~', ChangeAction.Delete => '-', ChangeAction.Conflict => '!', _ => '=',
    };

    /// <summary>The live and desired value of each changed path (at most as many as <see cref="ChangedPaths"/> names), secrets redacted.</summary>
    public IReadOnlyList<ValueChange> Values { get; init; } = [];

    /// <summary>Something apply would change (conflicts are not: apply refuses them).</summary>
    public bool IsPending => Action is ChangeAction.Create or ChangeAction.Update or ChangeAction.Delete;

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
