using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Loading;

namespace ControlPlane.Streaming;

/// <summary>
/// Writes a batch's bulk actions as NDJSON into a <see cref="PooledBuffer"/>: per payment an index action into
/// <c>platform_sales</c>, plus <c>platform_fraud_sales</c> when flagged and one <c>platform_alerts</c> document per alert;
/// per poison message a dead letter. Every <c>_id</c> comes from the message (its place in the log, or its id field),
/// so a re-delivered message overwrites its own documents: at-least-once delivery without duplicates. No external
/// version: a re-delivery carries the same content.
/// </summary>
public sealed class PaymentBulkWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new()
    {
        SkipValidation = true, // NDJSON: many top-level values in one buffer
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly PooledBuffer _buffer;
    private readonly Utf8JsonWriter _json;
    private readonly List<PaymentAction> _actions = [];

    public PaymentBulkWriter(PooledBuffer buffer)
    {
        _buffer = buffer;
        _json = new Utf8JsonWriter(buffer, Options);
    }

    public IReadOnlyList<PaymentAction> Actions => _actions;

    /// <summary>The alert document id of a payment and rule: <c>SALE_ID--RULE</c>.</summary>
    public static string AlertId(string saleId, string rule) => $"{saleId}--{rule}";

    public void WritePayment(int message, CheckedPayment c, DateTimeOffset now)
    {
        var p = c.Payment;
        var start = Header(IndexNames.Sales, p.SaleId);
        _json.WriteStartObject();
        WriteSale(p, c.Verdict is not null);
        _json.WriteEndObject();
        End(message, IndexNames.Sales, start);

        if (c.Verdict is { } v)
        {
            start = Header(IndexNames.FraudSales, p.SaleId);
            _json.WriteStartObject();
            WriteSale(p, flagged: true);
            _json.WriteString("rule_id", v.RuleId);
            _json.WriteNumber("rule_version", v.RuleVersion);
            WriteStrings("reasons", v.Reasons);
            if (v.WeeklyAov is { } aov) _json.WriteNumber("weekly_aov", aov);
            if (v.RepeatCount is { } repeats) _json.WriteNumber("repeat_count", repeats);
            _json.WriteString("flagged_at", Utc(now));
            _json.WriteEndObject();
            End(message, IndexNames.FraudSales, start);
        }

        foreach (var alert in c.Alerts)
        {
            start = Header(IndexNames.Alerts, AlertId(p.SaleId, alert.Name));
            _json.WriteStartObject();
            _json.WriteString("alert_id", AlertId(p.SaleId, alert.Name));
            _json.WriteString("rule_id", alert.Name);
            _json.WriteNumber("rule_version", alert.Version);
            _json.WriteString("severity", alert.Severity);
            _json.WriteString("sale_id", p.SaleId);
            _json.WriteString("source", p.Source);
            _json.WriteString("platform", p.Platform);
            Optional("store_id", p.StoreId);
            Optional("payment_type", p.PaymentType);
            Optional("recipient", p.Recipient);
            _json.WriteNumber("amount_sale", p.Amount);
            _json.WriteString("sold_at", Local(p.SoldAt));
            if (c.Verdict is { } fv)
            {
                _json.WriteString("fraud_rule_id", fv.RuleId);
                _json.WriteNumber("fraud_rule_version", fv.RuleVersion);
            }
            WriteStrings("reasons", [.. c.Verdict?.Reasons ?? [], .. alert.Match.Select(m => m.Describe(AlertFacts.Of(p)))]);
            WriteStream(p.Message.Position);
            _json.WriteString("raised_at", Utc(now));
            _json.WriteEndObject();
            End(message, IndexNames.Alerts, start);
        }
    }

    /// <summary>A dead letter: the source, the message's place in the log, the stage and reason, and the message (card masked).</summary>
    public void WriteDeadLetter(int message, string source, string saleId, StreamPosition position, string stage, string reason, JsonObject raw, DateTimeOffset now)
    {
        var start = Header(IndexNames.DeadLetter, saleId);
        _json.WriteStartObject();
        _json.WriteString("source", source);
        _json.WriteString("source_key", position.ToString());
        _json.WriteString("stage", stage);
        _json.WriteString("reason", reason);
        _json.WritePropertyName("raw");
        raw.WriteTo(_json);
        WriteStream(position);
        _json.WriteString("failed_at", Utc(now));
        _json.WriteEndObject();
        End(message, IndexNames.DeadLetter, start);
    }

    public void Dispose() => _json.Dispose();

    private int Header(string index, string id)
    {
        var start = _buffer.Length;
        _json.WriteStartObject();
        _json.WriteStartObject("index");
        _json.WriteString("_index", index);
        _json.WriteString("_id", id);
        _json.WriteEndObject();
        _json.WriteEndObject();
        EndLine();
        return start;
    }

    private void End(int message, string index, int start)
    {
        EndLine();
        _actions.Add(new PaymentAction(message, index, start, _buffer.Length - start));
    }

    private void EndLine()
    {
        _json.Flush();
        _buffer.Write("\n"u8);
        _json.Reset();
    }

    private void WriteSale(Payment p, bool flagged)
    {
        _json.WriteString(SaleFields.SaleId, p.SaleId);
        _json.WriteString(SaleFields.Source, p.Source);
        _json.WriteString(SaleFields.SourceKey, p.SourceKey);
        _json.WriteString(SaleFields.Platform, p.Platform);
        Optional(SaleFields.StoreId, p.StoreId);
        Optional(SaleFields.CardFingerprint, p.CardFingerprint);
        Optional(SaleFields.CardMasked, p.CardMasked);
        Optional(SaleFields.CardKeyId, p.CardKeyId);
        _json.WriteNumber(SaleFields.AmountSale, p.Amount);
        _json.WriteString(SaleFields.SoldAt, Local(p.SoldAt));
        _json.WriteString(SaleFields.SoldDate, p.SoldDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        _json.WriteString(SaleFields.UpdatedAt, Utc(p.Message.Timestamp));
        _json.WriteBoolean(SaleFields.FraudFlagged, flagged);
        Optional("payment_type", p.PaymentType);
        Optional("recipient", p.Recipient);
    }

    private void WriteStream(StreamPosition position)
    {
        _json.WriteStartObject("stream");
        _json.WriteString("topic", position.Topic);
        _json.WriteNumber("partition", position.Partition);
        _json.WriteNumber("offset", position.Offset);
        _json.WriteEndObject();
    }

    private void WriteStrings(string name, IEnumerable<string> values)
    {
        _json.WriteStartArray(name);
        foreach (var v in values) _json.WriteStringValue(v);
        _json.WriteEndArray();
    }

    private void Optional(string name, string? value)
    {
        if (value is not null) _json.WriteString(name, value);
    }

    private static string Local(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
