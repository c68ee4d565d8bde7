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
    /// <summary>The weekly AOV transform's last checkpoint the fraud check read against; written on fraud documents when known.</summary>
    public DateTimeOffset? AovCheckpointAt { get; init; }

    private static readonly JsonWriterOptions Options = new()
    {
        SkipValidation = true, // NDJSON: many top-level values in one buffer
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // not HTML: keep "+09:00" and "×" readable
    };

    // Names encoded once: the bench measured per-row transcoding of property names as a real share of the loader's CPU.
    private static readonly JsonEncodedText IndexAction = JsonEncodedText.Encode("index"), DeleteAction = JsonEncodedText.Encode("delete"),
        IndexField = JsonEncodedText.Encode("_index"), IdField = JsonEncodedText.Encode("_id"), VersionField = JsonEncodedText.Encode("version"),
        VersionTypeField = JsonEncodedText.Encode("version_type"), ExternalGte = JsonEncodedText.Encode("external_gte"),
        SalesIndex = JsonEncodedText.Encode(IndexNames.Sales), FraudSalesIndex = JsonEncodedText.Encode(IndexNames.FraudSales),
        DeadLetterIndex = JsonEncodedText.Encode(IndexNames.DeadLetter),
        SaleIdField = JsonEncodedText.Encode(SaleFields.SaleId), SourceField = JsonEncodedText.Encode(SaleFields.Source), SourceKeyField = JsonEncodedText.Encode(SaleFields.SourceKey),
        PlatformField = JsonEncodedText.Encode(SaleFields.Platform), StoreIdField = JsonEncodedText.Encode(SaleFields.StoreId),
        CardFingerprintField = JsonEncodedText.Encode(SaleFields.CardFingerprint), CardMaskedField = JsonEncodedText.Encode(SaleFields.CardMasked), CardKeyIdField = JsonEncodedText.Encode(SaleFields.CardKeyId),
        AmountSaleField = JsonEncodedText.Encode(SaleFields.AmountSale), SoldAtField = JsonEncodedText.Encode(SaleFields.SoldAt), SoldDateField = JsonEncodedText.Encode(SaleFields.SoldDate),
        UpdatedAtField = JsonEncodedText.Encode(SaleFields.UpdatedAt), FraudFlaggedField = JsonEncodedText.Encode(SaleFields.FraudFlagged),
        DeletedField = JsonEncodedText.Encode(SaleFields.Deleted);

    private readonly PooledBuffer _buffer;
    private readonly Utf8JsonWriter _json;
    private readonly List<BulkAction> _actions;

    /// <param name="buffer">Where the NDJSON goes.</param>
    /// <param name="expectedActions">About how many actions will be written (sizes their list once).</param>
    public BulkBodyWriter(PooledBuffer buffer, int expectedActions = 0)
    {
        _buffer = buffer;
        _json = new Utf8JsonWriter(buffer, Options);
        _actions = new List<BulkAction>(expectedActions);
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
                WriteSaleActions(rowIndex, sale.Sale, checkedRow.Verdict, checkedRow.RemoveFraudDocument, checkedAt);
                break;
            case DeletedRow or BadRow:
                var location = checkedRow.Row is DeletedRow d ? d.Location : ((BadRow)checkedRow.Row).Location;
                // Unknown parts of the row's own location come from the written version (a row whose store or sold_at went bad).
                if (checkedRow.MovedFrom is { } written && (location.StoreId is null || location.SoldAt is null))
                    (location, checkedRow) = (written, checkedRow with { MovedFrom = null });
                var updatedAt = SaleMapperTime(checkedRow.Row);
                WriteTombstone(rowIndex, SalesIndex, IndexNames.Sales, checkedRow.Row.SaleId, checkedRow.Row.SaleId, location, updatedAt, checkedRow.Row.Version);
                WriteTombstone(rowIndex, FraudSalesIndex, IndexNames.FraudSales, checkedRow.Row.SaleId, checkedRow.Row.SaleId, location, updatedAt, checkedRow.Row.Version);
                break;
        }
        if (checkedRow.MovedFrom is { } from)
            WriteTombstone(rowIndex, SalesIndex, IndexNames.Sales, MovedFromId(checkedRow.Row.SaleId, from), checkedRow.Row.SaleId, from, SaleMapperTime(checkedRow.Row), checkedRow.Row.Version);
    }

    /// <summary>
    /// The actions of a re-checked written sale: its <c>platform_sales</c> document again with <c>fraud_flagged</c> set to the
    /// new verdict, and its fraud document indexed (re-flag) or deleted (un-flag), all with the sale's own external version,
    /// so a newer version of the row, written meanwhile, still wins (409, done).
    /// </summary>
    public void WriteRecheck(int rowIndex, RecheckedSale recheck, DateTimeOffset checkedAt) =>
        WriteSaleActions(rowIndex, recheck.Sale, recheck.Verdict, removeFraudDocument: recheck.Verdict is null, checkedAt);

    /// <summary>The sale document, then its fraud document indexed (flagged) or deleted (no longer flagged), with the sale's version.</summary>
    private void WriteSaleActions(int rowIndex, Sale sale, FraudVerdict? verdict, bool removeFraudDocument, DateTimeOffset checkedAt)
    {
        var start = Header(IndexAction, SalesIndex, sale.SaleId, sale.Version);
        _json.WriteStartObject();
        WriteSale(_json, sale, verdict is not null);
        _json.WriteEndObject();
        EndLine();
        Added(rowIndex, IndexNames.Sales, isDelete: false, versioned: true, start, isSaleDocument: true);
        if (verdict is not null)
        {
            start = Header(IndexAction, FraudSalesIndex, sale.SaleId, sale.Version);
            _json.WriteStartObject();
            WriteFraudSale(_json, sale, verdict, checkedAt, AovCheckpointAt);
            _json.WriteEndObject();
            EndLine();
            Added(rowIndex, IndexNames.FraudSales, isDelete: false, versioned: true, start);
        }
        else if (removeFraudDocument)
            WriteTombstone(rowIndex, FraudSalesIndex, IndexNames.FraudSales, sale.SaleId, sale.SaleId, new SaleLocation(sale.StoreId, sale.SoldAt, sale.SoldDate), sale.UpdatedAt, sale.Version);
    }

    /// <summary>
    /// <c>_id</c> of the tombstone that marks a sale's old (store, local day) after it moved: one per sale and place, so it
    /// never collides with the sale's own document.
    /// </summary>
    public static string MovedFromId(string saleId, SaleLocation from) =>
        $"{saleId}@{from.StoreId}@{from.SoldDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// A tombstone instead of a delete (docs/assets.md, "Deletes"): <c>deleted: true</c>, the sale's store and sold_at so the
    /// daily AOV transform sees its (store, day) change through the pipeline's fresh <c>ingested_at</c>, no amount and no
    /// card so it adds nothing to any figure, and the row's external version, which a document keeps for good (a delete's
    /// version is forgotten after index.gc_deletes, and an older write could then bring the sale back).
    /// </summary>
    private void WriteTombstone(int rowIndex, JsonEncodedText index, string indexName, string id, string saleId, SaleLocation at, DateTimeOffset updatedAt, long version)
    {
        Span<byte> text = stackalloc byte[IsoText.MaxLength];
        var start = Header(IndexAction, index, id, version);
        _json.WriteStartObject();
        _json.WriteString(SaleIdField, saleId);
        if (at.StoreId is { } store) _json.WriteString(StoreIdField, store);
        if (at.SoldAt is { } soldAt) _json.WriteString(SoldAtField, text[..IsoText.Milliseconds(soldAt, text)]);
        if (at.SoldDate is { } day) _json.WriteString(SoldDateField, text[..IsoText.Day(day, text)]);
        _json.WriteString(UpdatedAtField, text[..IsoText.Microseconds(updatedAt, text)]);
        _json.WriteBoolean(DeletedField, true);
        _json.WriteEndObject();
        EndLine();
        Added(rowIndex, indexName, isDelete: false, versioned: true, start);
    }

    /// <summary>The row's updated_at as the reader found it (its wall-clock part is the value its version was made from).</summary>
    private static DateTimeOffset SaleMapperTime(MappedRow row) => row is SaleRow s ? s.Sale.UpdatedAt : row.Row.UpdatedAtInstant;

    /// <summary>
    /// A dead-letter document: the source key, the stage and reason, the raw row without its card number (masked instead).
    /// <c>_id</c> = <c>SOURCE-KEY-UPDATEDATTICKS</c>, so replays of the same row version overwrite instead of duplicating.
    /// </summary>
    public void WriteDeadLetter(int rowIndex, SourceDefinition source, MappedRow row, string stage, string reason, DateTimeOffset failedAt)
    {
        var id = $"{row.SaleId}-{row.Row.UpdatedAt.Ticks.ToString(CultureInfo.InvariantCulture)}";
        var start = Header(IndexAction, DeadLetterIndex, id, null);
        _json.WriteStartObject();
        _json.WriteString(SaleFields.Source, source.Name);
        _json.WriteString(SaleFields.SourceKey, row.Row.Id.ToString(CultureInfo.InvariantCulture));
        _json.WriteString(SaleFields.Stage, stage);
        _json.WriteString(SaleFields.Reason, reason);
        _json.WritePropertyName(SaleFields.Raw);
        WriteRaw(_json, source, row.Row);
        _json.WriteString(SaleFields.FailedAt, Utc(failedAt));
        _json.WriteEndObject();
        EndLine();
        Added(rowIndex, IndexNames.DeadLetter, isDelete: false, versioned: false, start);
    }

    public void Dispose() => _json.Dispose();

    /// <summary>Writes an action line; returns where it starts in the buffer.</summary>
    private int Header(JsonEncodedText action, JsonEncodedText index, string id, long? version)
    {
        var start = _buffer.Length;
        _json.WriteStartObject();
        _json.WriteStartObject(action);
        _json.WriteString(IndexField, index);
        _json.WriteString(IdField, id);
        if (version is { } v)
        {
            _json.WriteNumber(VersionField, v);
            _json.WriteString(VersionTypeField, ExternalGte);
        }
        _json.WriteEndObject();
        _json.WriteEndObject();
        EndLine();
        return start;
    }

    private void Added(int rowIndex, string index, bool isDelete, bool versioned, int start, bool isSaleDocument = false) =>
        _actions.Add(new BulkAction(rowIndex, index, isDelete, versioned, start, _buffer.Length - start, isSaleDocument));

    private void EndLine()
    {
        _json.Flush();
        _buffer.Write("\n"u8);
        _json.Reset();
    }

    private static void WriteSale(Utf8JsonWriter json, Sale s, bool flagged)
    {
        Span<byte> text = stackalloc byte[IsoText.MaxLength];
        json.WriteString(SaleIdField, s.SaleId);
        json.WriteString(SourceField, s.Source);
        json.WriteString(SourceKeyField, s.SourceKey);
        json.WriteString(PlatformField, s.Platform);
        json.WriteString(StoreIdField, s.StoreId);
        json.WriteString(CardFingerprintField, s.CardFingerprint);
        json.WriteString(CardMaskedField, s.CardMasked);
        if (s.CardKeyId is { } keyId) json.WriteString(CardKeyIdField, keyId);
        json.WriteNumber(AmountSaleField, s.AmountSale);
        json.WriteString(SoldAtField, text[..IsoText.Milliseconds(s.SoldAt, text)]);
        json.WriteString(SoldDateField, text[..IsoText.Day(s.SoldDate, text)]);
        json.WriteString(UpdatedAtField, text[..IsoText.Microseconds(s.UpdatedAt, text)]);
        json.WriteBoolean(FraudFlaggedField, flagged);
    }

    private static void WriteFraudSale(Utf8JsonWriter json, Sale s, FraudVerdict v, DateTimeOffset flaggedAt, DateTimeOffset? aovCheckpointAt)
    {
        WriteSale(json, s, flagged: true);
        json.WriteString(SaleFields.RuleId, v.Rule.Name);
        json.WriteNumber(SaleFields.RuleVersion, v.Rule.Version);
        json.WriteStartArray(SaleFields.Reasons);
        foreach (var reason in v.Reasons) json.WriteStringValue(reason);
        json.WriteEndArray();
        json.WriteNumber(SaleFields.WeeklyAov, v.WeeklyAov);
        json.WriteNumber(SaleFields.RepeatCount, v.RepeatCount);
        json.WriteString(SaleFields.FlaggedAt, Utc(flaggedAt));
        if (aovCheckpointAt is { } at) json.WriteString(SaleFields.AovCheckpointAt, Utc(at));
    }

    /// <summary>The row under its source column names, the card number replaced by <c>card_masked</c>.</summary>
    private static void WriteRaw(Utf8JsonWriter json, SourceDefinition source, SourceRow row)
    {
        var c = source.Columns;
        json.WriteStartObject();
        json.WriteNumber(c.Id, row.Id);
        if (c.Platform is not null) WriteText(c.Platform, row.Platform);
        WriteText(c.StoreId, row.StoreId);
        json.WriteString(SaleFields.CardMasked, CardFingerprint.Mask(row.CardNumber));
        if (row.AmountSale is { } amount) json.WriteNumber(c.AmountSale, amount); else json.WriteNull(c.AmountSale);
        // Times with their offsets, so the raw row says which instant it meant: sold_at in the source's zone, updated_at
        // as the reader converted it (the wall-clock parts are the values as stored).
        WriteText(c.SoldAt, row.SoldAt is { } sold ? new DateTimeOffset(sold, source.TimeZoneInfo.GetUtcOffset(sold)).ToString(LoaderState.WatermarkFormat, CultureInfo.InvariantCulture) : null);
        WriteText(c.UpdatedAt, row.UpdatedAtInstant.ToString(LoaderState.WatermarkFormat, CultureInfo.InvariantCulture));
        if (c.DeletedAt is not null) WriteText(c.DeletedAt, row.DeletedAt?.ToString(ChangeKey.SqlFormat, CultureInfo.InvariantCulture));
        json.WriteEndObject();

        void WriteText(string name, string? value)
        {
            if (value is null) json.WriteNull(name); else json.WriteString(name, value);
        }
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
