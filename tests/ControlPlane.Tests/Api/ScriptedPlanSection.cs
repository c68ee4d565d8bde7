using ControlPlane.Assets;
using ControlPlane.Planning;

namespace ControlPlane.Tests.Api;

/// <summary>A plan section whose answer the test scripts (changes, or an exception), counting how often it was asked.</summary>
public sealed class ScriptedPlanSection(Func<IReadOnlyList<PlannedChange>> plan) : IPlanSection
{
    private int _calls;
    public int Calls => _calls;
    public string Name => "elasticsearch";
    public int Order => 100;
    public bool IsConfigured => true;

    public Task<IReadOnlyList<PlannedChange>> PlanAsync(AssetRoot root, CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(plan());
    }

    public Task ApplyAsync(AssetRoot root, IReadOnlyList<PlannedChange> plan, CancellationToken ct) => throw new NotSupportedException("the status page never applies");
}
