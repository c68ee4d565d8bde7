namespace ControlPlane.Tests.TestSupport;

/// <summary>A test against a real Elasticsearch: runs when ES_URL is set, otherwise is reported as skipped with the reason.</summary>
public sealed class LiveFactAttribute : FactAttribute
{
    public LiveFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ES_URL")))
            Skip = "ES_URL not set: live Elasticsearch test skipped";
    }
}

/// <summary>A test against a real Kibana: runs when KIBANA_URL is set, otherwise is reported as skipped with the reason.</summary>
public sealed class LiveKibanaFactAttribute : FactAttribute
{
    public LiveKibanaFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("KIBANA_URL")))
            Skip = "KIBANA_URL not set: live Kibana test skipped";
    }
}
