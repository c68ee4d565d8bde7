namespace ControlPlane.Tests.Content;

/// <summary>A field of docs/design.md "Documents": its mapping type and, for dates, the formats it must accept.</summary>
internal sealed record ExpectedField(string Path, string Type, string? Format = null);

/// <summary>
/// The Documents section of docs/design.md as data, per index template (the template is named like the index).
/// The tests hold the templates to it both ways: every field here is mapped with this type, and nothing else is.
/// </summary>
internal static class DocumentFields
{
    /// <summary>ISO 8601 with offset and fractions down to nanoseconds, or epoch milliseconds (what the loader and transforms send).</summary>
    public const string Instant = "strict_date_optional_time||epoch_millis";
    /// <summary>A local day as <c>yyyy-MM-dd</c> (printed that way too), still taking an instant.</summary>
    public const string LocalDay = "yyyy-MM-dd||strict_date_optional_time||epoch_millis";

    private static readonly ExpectedField[] Sale =
    [
        new("sale_id", "keyword"), new("source", "keyword"), new("source_key", "keyword"), new("platform", "keyword"),
        new("store_id", "keyword"), new("card_fingerprint", "keyword"), new("card_masked", "keyword"), new("card_key_id", "keyword"),
        new("amount_sale", "scaled_float"), new("sold_at", "date", Instant), new("sold_date", "date", LocalDay),
        new("updated_at", "date", Instant), new("ingested_at", "date", Instant), new("fraud_flagged", "boolean"), new("deleted", "boolean"),
        new("ingest_error", "object"), new("ingest_error.processor", "keyword"), new("ingest_error.message", "text"),
        new("payment_type", "keyword"), new("recipient", "keyword"),
    ];

    private static readonly ExpectedField[] Fraud =
    [
        new("rule_id", "keyword"), new("rule_version", "integer"), new("reasons", "keyword"), new("weekly_aov", "double"),
        new("repeat_count", "integer"), new("flagged_at", "date", Instant), new("aov_checkpoint_at", "date", Instant),
    ];

    private static readonly ExpectedField[] DeadLetter =
    [
        new("source", "keyword"), new("source_key", "keyword"), new("stage", "keyword"), new("reason", "text"),
        new("raw", "object"), new("failed_at", "date", Instant),
        new("stream", "object"), new("stream.topic", "keyword"), new("stream.partition", "integer"), new("stream.offset", "long"),
    ];

    private static readonly ExpectedField[] Alert =
    [
        new("alert_id", "keyword"), new("rule_id", "keyword"), new("rule_version", "integer"), new("severity", "keyword"),
        new("sale_id", "keyword"), new("source", "keyword"), new("platform", "keyword"), new("store_id", "keyword"),
        new("payment_type", "keyword"), new("recipient", "keyword"), new("amount_sale", "scaled_float"), new("sold_at", "date", Instant),
        new("fraud_rule_id", "keyword"), new("fraud_rule_version", "integer"), new("reasons", "keyword"),
        new("stream", "object"), new("stream.topic", "keyword"), new("stream.partition", "integer"), new("stream.offset", "long"),
        new("raised_at", "date", Instant),
    ];

    private static readonly ExpectedField[] DailyAov =
    [
        new("store_id", "keyword"), new("date", "date", Instant), new("total_sale", "double"), new("num_customer", "long"),
        new("unit_price", "double"), new("last_ingested_at", "date", Instant), new("aov_written_at", "date", Instant),
    ];

    private static readonly ExpectedField[] WeeklyAov =
    [
        new("store_id", "keyword"), new("date", "date", LocalDay), new("week_aov", "double"), new("total_sale", "double"),
        new("num_customer", "long"), new("days", "long"), new("last_ingested_at", "date", Instant),
    ];

    private static readonly ExpectedField[] LoaderState =
    [
        new("source", "keyword"), new("watermark_updated_at", "date", Instant), new("watermark_id", "keyword"),
        new("lease_owner", "keyword"), new("lease_expires_at", "date", Instant), new("last_run_started_at", "date", Instant),
        new("last_run_finished_at", "date", Instant), new("last_run_status", "keyword"), new("last_error", "text"),
        new("last_run_warning", "text"), new("last_run_aov_checkpoint_at", "date", Instant), new("card_key_id", "keyword"), new("card_key_check", "keyword"),
        new("last_run_rows_read", "long"), new("last_run_rows_indexed", "long"), new("last_run_rows_deleted", "long"),
        new("last_run_rows_deadlettered", "long"), new("last_run_rows_flagged", "long"), new("total_rows_indexed", "long"),
        new("last_run_sales_new", "long"), new("last_run_sales_updated", "long"), new("last_run_sales_unchanged", "long"),
        new("total_rows_deadlettered", "long"), new("total_rows_flagged", "long"), new("updated_at", "date", Instant),
    ];

    /// <summary>Index template name → the fields its documents have.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedField[]> ByTemplate = new Dictionary<string, ExpectedField[]>
    {
        ["platform_sales"] = Sale,
        ["platform_fraud_sales"] = [.. Sale, .. Fraud],
        ["platform_sales_deadletter"] = DeadLetter,
        ["platform_sales_per_price"] = DailyAov,
        ["platform_sales_week_per_price"] = WeeklyAov,
        ["platform_loader_state"] = LoaderState,
        ["platform_alerts"] = Alert,
    };
}
