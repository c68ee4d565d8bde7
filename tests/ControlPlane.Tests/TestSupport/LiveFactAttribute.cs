namespace ControlPlane.Tests.TestSupport;

/// <summary>
/// A test against a real Elasticsearch: ES_URL's cluster, or one started in Docker (Live/LiveStack); skipped with the
/// reason when there is neither. Such a test awaits <c>LiveStack.EnsureAsync()</c> first. Run them all with
/// <c>dotnet test tests/ControlPlane.Tests -c Release --filter Category=Live</c> (the classes carry the trait).
/// </summary>
public sealed class LiveFactAttribute : FactAttribute
{
    public LiveFactAttribute()
    {
        if (Live.LiveStack.ElasticsearchSkipReason is { } reason) Skip = reason;
    }
}

/// <summary>A test against a real Kibana: KIBANA_URL's, or one started in Docker beside Elasticsearch; skipped with the reason otherwise.</summary>
public sealed class LiveKibanaFactAttribute : FactAttribute
{
    public LiveKibanaFactAttribute()
    {
        if (Live.LiveStack.KibanaSkipReason is { } reason) Skip = reason;
    }
}

/// <summary>A data-driven <see cref="LiveFactAttribute"/>: skipped with the same reason when there is no cluster.</summary>
public sealed class LiveTheoryAttribute : TheoryAttribute
{
    public LiveTheoryAttribute()
    {
        if (Live.LiveStack.ElasticsearchSkipReason is { } reason) Skip = reason;
    }
}
