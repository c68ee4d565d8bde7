using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ControlPlane.Loading;

/// <summary>
/// The state document of one source in <c>platform_loader_state</c> (<c>_id</c> = source name; docs/design.md): the
/// watermark, the lease and the last run's figures, which the status page reads. Field names are the document's.
/// </summary>
public sealed class LoaderState
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public const string WatermarkFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffffzzz";

    public string Source { get; set; } = "";
    /// <summary>
    /// updated_at of the watermark key as an instant: microsecond ISO text whose wall-clock part is the value exactly as
    /// the database holds it and whose offset makes it the true instant (<see cref="UpdatedAtClock"/>). Documents written
    /// before issue 14 carry the source zone's offset instead; their wall-clock part is the same value, so they resume.
    /// </summary>
    public string? WatermarkUpdatedAt { get; set; }
    /// <summary>The id of the watermark key, as text.</summary>
    public string? WatermarkId { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public DateTimeOffset? LastRunStartedAt { get; set; }
    public DateTimeOffset? LastRunFinishedAt { get; set; }
    /// <summary><c>running</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public string? LastRunStatus { get; set; }
    public string? LastError { get; set; }
    public long LastRunRowsRead { get; set; }
    public long LastRunRowsIndexed { get; set; }
    public long LastRunRowsDeleted { get; set; }
    public long LastRunRowsDeadlettered { get; set; }
    public long LastRunRowsFlagged { get; set; }
    /// <summary>Of the last run's indexed rows: sales new to the index, updated, and unchanged re-reads (<see cref="SaleChanges"/>).</summary>
    public long LastRunSalesNew { get; set; }
    public long LastRunSalesUpdated { get; set; }
    public long LastRunSalesUnchanged { get; set; }
    /// <summary>The weekly AOV transform's last checkpoint when the last run checked its sales (null: none could be read).</summary>
    public DateTimeOffset? LastRunAovCheckpointAt { get; set; }
    /// <summary>What the last run found worth an operator's attention without failing (a stale weekly AOV); null when nothing.</summary>
    public string? LastRunWarning { get; set; }
    public long TotalRowsIndexed { get; set; }
    public long TotalRowsDeadlettered { get; set; }
    public long TotalRowsFlagged { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    /// <summary>The id of the card key this source's documents are fingerprinted with (<see cref="CardKeyGuard"/>).</summary>
    public string? CardKeyId { get; set; }
    /// <summary>That key's check value (<see cref="CardFingerprint.KeyCheck"/>): catches a key changed under the same id.</summary>
    public string? CardKeyCheck { get; set; }

    /// <summary>The stored watermark as a key, or null before the first page of the first run.</summary>
    [JsonIgnore]
    public ChangeKey? Watermark
    {
        get
        {
            if (WatermarkUpdatedAt is null || WatermarkId is null) return null;
            // The keyset position is the wall-clock part: the database's value, whatever offset the text carries.
            var at = DateTimeOffset.ParseExact(WatermarkUpdatedAt, WatermarkFormat, CultureInfo.InvariantCulture);
            return new ChangeKey(at.DateTime, long.Parse(WatermarkId, CultureInfo.InvariantCulture)) { Instant = at };
        }
    }

    /// <summary>Stores <paramref name="key"/>; its <see cref="ChangeKey.Instant"/> must be known (keys of rows read).</summary>
    public void SetWatermark(ChangeKey key)
    {
        var at = key.Instant ?? throw new InvalidOperationException($"watermark {key} has no instant: only keys of rows read are stored");
        WatermarkUpdatedAt = at.ToString(WatermarkFormat, CultureInfo.InvariantCulture);
        WatermarkId = key.Id.ToString(CultureInfo.InvariantCulture);
    }

    public LoaderState Copy() => (LoaderState)MemberwiseClone();
}
