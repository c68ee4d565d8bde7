using YamlDotNet.Serialization;

namespace ControlPlane.Sources;

/// <summary>
/// One MySQL table that feeds <c>platform_sales</c>, as declared in <c>elastic-assets/sources/NAME.yml</c>.
/// Other platforms' tables with their own column names map into the same sale document through <see cref="Columns"/>.
/// </summary>
public class SourceDefinition
{
    /// <summary>Source name: the loader state document id and the prefix of every sale's <c>_id</c>.</summary>
    public string Name { get; set; } = "";
    public int Version { get; set; }
    public string? Description { get; set; }
    /// <summary>The MySQL table read by keyset on (updated_at, id).</summary>
    public string Table { get; set; } = "";
    /// <summary>IANA zone of the table's business times (sold_at, local days) and of the cron schedule. Defaults to Asia/Seoul.</summary>
    public string TimeZone { get; set; } = "Asia/Seoul";
    /// <summary>
    /// IANA zone of the updated_at values, for tables whose updated_at an application writes as its own local time.
    /// Unset (the default): updated_at is stamped by the database (<c>CURRENT_TIMESTAMP(6)</c>) in its session's zone,
    /// and the database converts each value (docs/design.md, "Time"). Never the business zone by default.
    /// </summary>
    public string? UpdatedAtTimeZone { get; set; }
    /// <summary>Five-field cron expression. Defaults to every 6 hours.</summary>
    public string Schedule { get; set; } = "0 */6 * * *";
    /// <summary>A fixed platform name for tables that hold one platform's sales; null when <see cref="SourceColumns.Platform"/> names a column.</summary>
    public string? Platform { get; set; }
    public SourceColumns Columns { get; set; } = new();
    public ChangeCaptureSettings ChangeCapture { get; set; } = new();
    /// <summary>CREATE TABLE statement, used by <c>generate</c> and the tests to create the table when it is missing.</summary>
    public string? Ddl { get; set; }

    /// <summary>The file the definition was read from (relative to the asset root), for messages; not a YAML key.</summary>
    [YamlIgnore]
    public string File { get; set; } = "";

    [YamlIgnore]
    public TimeZoneInfo TimeZoneInfo => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The declared zone of updated_at, or null when the database's session zone applies.</summary>
    [YamlIgnore]
    public TimeZoneInfo? UpdatedAtTimeZoneInfo => UpdatedAtTimeZone is null ? null : TimeZoneInfo.FindSystemTimeZoneById(UpdatedAtTimeZone);
}

/// <summary>Source column names for each field of the sale document.</summary>
public sealed class SourceColumns
{
    public string Id { get; set; } = "id";
    /// <summary>Column holding the platform name; null when the source has a fixed <see cref="SourceDefinition.Platform"/>.</summary>
    public string? Platform { get; set; }
    public string StoreId { get; set; } = "store_id";
    public string CardNumber { get; set; } = "card_number";
    public string AmountSale { get; set; } = "amount_sale";
    public string SoldAt { get; set; } = "sold_at";
    public string UpdatedAt { get; set; } = "updated_at";
    /// <summary>Soft-delete column; a non-null value turns the row into a delete. Null when the table has none.</summary>
    public string? DeletedAt { get; set; } = "deleted_at";
}

/// <summary>How the loader reads changes. Durations are written like <c>30s</c>, <c>5m</c>, <c>1h</c>.</summary>
public sealed class ChangeCaptureSettings
{
    /// <summary>Rows newer than the database clock minus this are left for the next run (late commits). Defaults to 30s.</summary>
    public string Lag { get; set; } = "30s";
    /// <summary>Each run re-reads this much before the watermark, idempotently. Defaults to 5m.</summary>
    public string Overlap { get; set; } = "5m";
    /// <summary>Rows per page. Defaults to 1000.</summary>
    public int PageRows { get; set; } = 1000;
    /// <summary>Bytes of NDJSON per bulk request at most. Defaults to 5 MiB.</summary>
    public int PageBytes { get; set; } = 5 * 1024 * 1024;

    public TimeSpan LagDuration => DurationText.Parse(Lag);
    public TimeSpan OverlapDuration => DurationText.Parse(Overlap);
}
