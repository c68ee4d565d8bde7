namespace ControlPlane.Planning;

/// <summary>One section's part of a plan.</summary>
public sealed record SectionPlan(IPlanSection Section, IReadOnlyList<PlannedChange> Changes);

/// <summary>The whole plan, across sections, and what it amounts to.</summary>
public sealed record PlanResult(IReadOnlyList<SectionPlan> Sections)
{
    public IEnumerable<PlannedChange> Changes => Sections.SelectMany(s => s.Changes);
    public bool HasPending => Changes.Any(c => c.IsPending);
    public IReadOnlyList<PlannedChange> Conflicts => Changes.Where(c => c.Action == ChangeAction.Conflict).ToList();
    public int PendingCount => Changes.Count(c => c.IsPending);

    public string Summary
    {
        get
        {
            int Count(ChangeAction a) => Changes.Count(c => c.Action == a);
            var conflicts = Count(ChangeAction.Conflict) > 0 ? $", {Count(ChangeAction.Conflict)} conflict(s)" : "";
            return $"{Count(ChangeAction.Create)} to create, {Count(ChangeAction.Update)} to update, {Count(ChangeAction.Delete)} to delete, {Count(ChangeAction.Unchanged)} unchanged{conflicts}";
        }
    }
}
