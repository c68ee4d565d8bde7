namespace ControlPlane.Tests.Fakes;

/// <summary>
/// The loader's one transform call: <c>POST _transform/{id}/_schedule_now</c>. Transform definitions and the other
/// <c>_transform</c> routes belong to <c>.Management.cs</c>; this answers as ES does for an existing, started transform.
/// </summary>
public sealed partial class FakeElasticsearch
{
    /// <summary>Transform ids asked to run now, in order.</summary>
    public IReadOnlyList<string> ScheduledNow => Requests
        .Where(r => r.Method == "POST" && r.Path.StartsWith("_transform/", StringComparison.Ordinal) && r.Path.EndsWith("/_schedule_now", StringComparison.Ordinal))
        .Select(r => r.Path.Split('/')[1])
        .ToList();

    private void RegisterLoaderRoutes()
    {
        Map("POST", "_transform/{id}/_schedule_now", _ => Acknowledged());
    }
}
