namespace ControlPlane.Elastic;

/// <summary>The Elasticsearch names of interface.md. Each is an alias (or the index itself) that users and dashboards rely on.</summary>
public static class IndexNames
{
    public const string Sales = "platform_sales";
    public const string FraudSales = "platform_fraud_sales";
    public const string DailyAov = "platform_sales_per_price";
    public const string WeeklyAov = "platform_sales_week_per_price";
    public const string DeadLetter = "platform_sales_deadletter";
    /// <summary>The loader's watermarks and leases, one document per source.</summary>
    public const string LoaderState = "platform_loader_state";
    /// <summary>Hits of alert rules on streamed payments.</summary>
    public const string Alerts = "platform_alerts";

    /// <summary>The value of <c>_meta.managed_by</c> on everything we write; anything else is never touched.</summary>
    public const string ManagedBy = "ingest-controlplane";
}
