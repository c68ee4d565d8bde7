using System.Globalization;
using System.Text.Json;
using ControlPlane.Elastic;
using ControlPlane.Fraud;
using ControlPlane.Sources;

namespace ControlPlane.Loading;

/// <summary>
/// Writes a page's bulk actions as NDJSON straight into a <see cref="PooledBuffer"/>: per good sale an index action into
/// <c>platform_sales</c> (and <c>platform_fraud_sales</c> when flagged, or a delete there when a stale flag must go), per
/// soft-deleted row a delete in both. Every write is versioned <c>external_gte</c> with the row's updated_at in µs, so a
/// replay of an older row never wins. Re-checked written sales are written by <see cref="WriteRecheck"/>, dead letters by
/// <see cref="WriteDeadLetter"/>.
/// </summary>
public sealed class BulkBodyWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new()
    {
        SkipValidation = true, // NDJSON: many top-level values in one buffer
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // not HTML: keep "+09:00" and "×" readable
    };
    private readonly PooledBuffer _buffer;
    private readonly Utf8JsonWriter _json;
    private readonly List<BulkAction> _actions = [];

    public BulkBodyWriter(PooledBuffer buffer)
    {
        _buffer = buffer;
        _json = new Utf8JsonWriter(buffer, Options);
    }

    public IReadOnlyList<BulkAction> Actions => _actions;

    /// <summary>
    /// The actions of one checked row. A bad row is dead-lettered elsewhere; here it gets versioned deletes, so a sale
    /// that was good in an earlier version and is now broken does not linger in the indices with stale values
    /// (a 404 for a row that was never indexed counts as done).
    /// </summary>
    public void WriteRow(int rowIndex, CheckedRow checkedRow, DateTimeOffset checkedAt)
    {
        switch (checkedRow.Row)
        {
            case SaleRow sale:
                Action(rowIndex, "index", IndexNames.Sales, sale.SaleId, sale.Version, json => WriteSale(json, sale.Sale, checkedRow.Verdict is not null));
                if (checkedRow.Verdict is { } verdict)
                    Action(rowIndex, "index", IndexNames.FraudSales, sale.SaleId, sale.Version, json => WriteFraudSale(json, sale.Sale, verdict, checkedAt));
                else if (checkedRow.RemoveFraudDocument)
                    Action(rowIndex, "delete", IndexNames.FraudSales, sale.SaleId, sale.Version, null);
                break;
            case DeletedRow or BadRow:
                Action(rowIndex, "delete", IndexNames.Sales, checkedRow.Row.SaleId, checkedRow.Row.Version, null);
                Action(rowIndex, "delete", IndexNames.FraudSales, checkedRow.Row.SaleId, checkedRow.Row.Version, null);
                break;
        }
    }

    /// <summary>
    /// The actions of a re-checked written sale: its <c>platform_sales</c> document again with <c>fraud_flagged</c> set to the
    /// new verdict, and its fraud document indexed (re-flag) or deleted (un-flag), all with the sale's own external version,
    /// so a newer version of the row, written meanwhile, still wins (409, done).
    /// </summary>
    public void WriteRecheck(int rowIndex, RecheckedSale recheck, DateTimeOffset checkedAt)
    {
        var sale = recheck.Sale;
        Action(rowIndex, "index", IndexNames.Sales, sale.SaleId, sale.Version, json => WriteSale(json, sale, recheck.Verdict is not null));
        if (recheck.Verdict is { } verdict)
            Action(rowIndex, "index", IndexNames.FraudSales, sale.SaleId, sale.Version, json => WriteFraudSale(json, sale, verdict, checkedAt));
        else
            Action(rowIndex, "delete", IndexNames.FraudSales, sale.SaleId, sale.Version, null);
    }

    /// <summary>
    /// A dead-letter document: the source key, the stage and reason, the raw row without its card number (masked instead).
    /// <c>_id</c> = <c>SOURCE-KEY-UPDATEDATTICKS</c>, so replays of the same row version overwrite instead of duplicating.
    /// </summary>
    public void WriteDeadLetter(int rowIndex, SourceDefinition source, MappedRow row, string stage, string reason, DateTimeOffset failedAt)
    {
        var id = $"{row.SaleId}-{row.Row.UpdatedAt.Ticks.ToString(CultureInfo.InvariantCulture)}";
        Action(rowIndex, "index", IndexNames.DeadLetter, id, null, json =>
        {
            json.WriteString("source", source.Name);
            json.WriteString("source_key", row.Row.Id.ToString(CultureInfo.InvariantCulture));
            json.WriteString("stage", stage);
            json.WriteString("reason", reason);
            json.WritePropertyName("raw");
            WriteRaw(json, source, row.Row);
            json.WriteString("failed_at", Utc(failedAt));
        });
    }

    public void Dispose() => _json.Dispose();

    private void Action(int rowIndex, string action, string index, string id, long? version, Action<Utf8JsonWriter>? document)
    {
        var start = _buffer.Length;
        _json.WriteStartObject();
        _json.WriteStartObject(action);
        _json.WriteString("_index", index);
        _json.WriteString("_id", id);
        if (version is { } v)
        {
            _json.WriteNumber("version", v);
            _json.WriteString("version_type", "external_gte");
        }
        _json.WriteEndObject();
        _json.WriteEndObject();
        EndLine();
        if (document is not null)
        {
            _json.WriteStartObject();
            document(_json);
            _json.WriteEndObject();
            EndLine();
        }
        _actions.Add(new BulkAction(rowIndex, index, action == "delete", version is not null, start, _buffer.Length - start));
    }

    private void EndLine()
    {
        _json.Flush();
        _buffer.Write("\n"u8);
        _json.Reset();
    }

    private static void WriteSale(Utf8JsonWriter json, Sale s, bool flagged)
    {
        json.WriteString("sale_id", s.SaleId);
        json.WriteString("source", s.Source);
        json.WriteString("source_key", s.SourceKey);
        json.WriteString("platform", s.Platform);
        json.WriteString("store_id", s.StoreId);
        json.WriteString("card_fingerprint", s.CardFingerprint);
        json.WriteString("card_masked", s.CardMasked);
        json.WriteNumber("amount_sale", s.AmountSale);
        json.WriteString("sold_at", s.SoldAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
        json.WriteString("sold_date", s.SoldDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteString("updated_at", s.UpdatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture));
        json.WriteBoolean("fraud_flagged", flagged);
    }

    private static void WriteFraudSale(Utf8JsonWriter json, Sale s, FraudVerdict v, DateTimeOffset flaggedAt)
    {
        WriteSale(json, s, flagged: true);
        json.WriteString("rule_id", v.Rule.Name);
        json.WriteNumber("rule_version", v.Rule.Version);
        json.WriteStartArray("reasons");
        foreach (var reason in v.Reasons) json.WriteStringValue(reason);
        json.WriteEndArray();
        json.WriteNumber("weekly_aov", v.WeeklyAov);
        json.WriteNumber("repeat_count", v.RepeatCount);
        json.WriteString("flagged_at", Utc(flaggedAt));
    }

    /// <summary>The row under its source column names, the card number replaced by <c>card_masked</c>.</summary>
    private static void WriteRaw(Utf8JsonWriter json, SourceDefinition source, SourceRow row)
    {
        var c = source.Columns;
        json.WriteStartObject();
        json.WriteNumber(c.Id, row.Id);
        if (c.Platform is not null) WriteText(c.Platform, row.Platform);
        WriteText(c.StoreId, row.StoreId);
        json.WriteString("card_masked", CardFingerprint.Mask(row.CardNumber));
        if (row.AmountSale is { } amount) json.WriteNumber(c.AmountSale, amount); else json.WriteNull(c.AmountSale);
        WriteText(c.SoldAt, row.SoldAt?.ToString(ChangeKey.SqlFormat, CultureInfo.InvariantCulture));
        WriteText(c.UpdatedAt, row.UpdatedAt.ToString(ChangeKey.SqlFormat, CultureInfo.InvariantCulture));
        if (c.DeletedAt is not null) WriteText(c.DeletedAt, row.DeletedAt?.ToString(ChangeKey.SqlFormat, CultureInfo.InvariantCulture));
        json.WriteEndObject();

        void WriteText(string name, string? value)
        {
            if (value is null) json.WriteNull(name); else json.WriteString(name, value);
        }
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
