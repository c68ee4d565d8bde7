using YamlDotNet.Serialization;

namespace ControlPlane.Streaming;

/// <summary>
/// One Kafka topic that feeds <c>platform_sales</c>, as declared in <c>elastic-assets/sources/NAME.yml</c> with
/// <c>kind: stream_source</c>. Brokers and credentials come from settings (<c>KAFKA_BOOTSTRAP_SERVERS</c>,
/// <c>KAFKA_USERNAME</c>/<c>KAFKA_PASSWORD</c>), never from the file. Each message is one JSON object whose fields
/// <see cref="Fields"/> maps into the sale document.
/// </summary>
public class StreamSourceDefinition
{
    /// <summary>Source name: the <c>source</c> of every document and the prefix of every sale's <c>_id</c>.</summary>
    public string Name { get; set; } = "";
    public int Version { get; set; }
    public string? Description { get; set; }
    /// <summary>The topic consumed.</summary>
    public string Topic { get; set; } = "";
    /// <summary>The consumer group; its committed offsets are where a restart resumes. Defaults to <c>controlplane-NAME</c>.</summary>
    public string? ConsumerGroup { get; set; }
    /// <summary>IANA zone of the messages' local date and time. Defaults to Asia/Seoul.</summary>
    public string TimeZone { get; set; } = "Asia/Seoul";
    /// <summary>The platform name written on every sale of this stream (lower-case). Required.</summary>
    public string Platform { get; set; } = "";
    /// <summary>
    /// The message field holding a unique payment id. Defaults to null: the id is the message's place in the log,
    /// <c>TOPIC-PARTITION-OFFSET</c>, which a re-delivery keeps, so re-indexing it overwrites instead of duplicating.
    /// </summary>
    public string? IdField { get; set; }
    public StreamFieldMap Fields { get; set; } = new();
    /// <summary>Message fields that must be present (besides the amount and the time, always required).</summary>
    public List<string> Required { get; set; } = [];
    public StreamBatchSettings Batch { get; set; } = new();
    /// <summary>Whether each payment is republished with its verdict to the fraud or legit topic (names from settings). Defaults to true.</summary>
    public bool Republish { get; set; } = true;

    /// <summary>The file the definition was read from (relative to the asset root), for messages; not a YAML key.</summary>
    [YamlIgnore]
    public string File { get; set; } = "";

    [YamlIgnore]
    public string Group => string.IsNullOrWhiteSpace(ConsumerGroup) ? $"controlplane-{Name}" : ConsumerGroup!;

    [YamlIgnore]
    public TimeZoneInfo TimeZoneInfo => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>
/// Which message field feeds which sale field. The time is either <see cref="SoldAt"/> (one ISO 8601 field) or
/// <see cref="Date"/> + <see cref="Time"/> (local wall-clock text in <see cref="DateFormat"/> / <see cref="TimeFormat"/>).
/// A null field is not in the messages.
/// </summary>
public sealed class StreamFieldMap
{
    /// <summary>Local date field. Defaults to <c>DATE</c>.</summary>
    public string? Date { get; set; } = "DATE";
    /// <summary>.NET format of <see cref="Date"/>. Defaults to <c>MM/dd/yyyy</c> (the seed's producer).</summary>
    public string DateFormat { get; set; } = "MM/dd/yyyy";
    /// <summary>Local time-of-day field. Defaults to <c>TIME</c>.</summary>
    public string? Time { get; set; } = "TIME";
    /// <summary>.NET format of <see cref="Time"/>. Defaults to <c>HH:mm:ss</c>.</summary>
    public string TimeFormat { get; set; } = "HH:mm:ss";
    /// <summary>One ISO 8601 date-time field instead of <see cref="Date"/> + <see cref="Time"/> (without offset: local time). Defaults to none.</summary>
    public string? SoldAt { get; set; }
    /// <summary>The amount (a JSON number or numeric text). Defaults to <c>AMOUNT</c>.</summary>
    public string AmountSale { get; set; } = "AMOUNT";
    /// <summary>Payment type, e.g. VISA or BITCOIN. Defaults to <c>PAYMENTTYPE</c>.</summary>
    public string? PaymentType { get; set; } = "PAYMENTTYPE";
    /// <summary>Who the payment goes to, e.g. ME or STRANGER. Defaults to <c>WHO</c>.</summary>
    public string? Recipient { get; set; } = "WHO";
    /// <summary>Store id; with <see cref="CardNumber"/> it lets the AOV rule check the payment. Defaults to none.</summary>
    public string? StoreId { get; set; }
    /// <summary>Card number: fingerprinted and masked (CARD_HMAC_KEY), never stored. Defaults to none.</summary>
    public string? CardNumber { get; set; }
}

/// <summary>How messages are grouped into one bulk request and one offset commit.</summary>
public sealed class StreamBatchSettings
{
    /// <summary>Messages per micro-batch at most. Defaults to 500.</summary>
    public int MaxMessages { get; set; } = 500;
    /// <summary>How long a batch waits to fill once it has a message (a duration: 200ms, 1s). Defaults to 200ms.</summary>
    public string MaxWait { get; set; } = "200ms";

    [YamlIgnore]
    public TimeSpan MaxWaitDuration => Sources.DurationText.Parse(MaxWait);
}
