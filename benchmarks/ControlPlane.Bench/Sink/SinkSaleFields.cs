using System.Globalization;
using System.Text.Json;

namespace ControlPlane.Bench;

/// <summary>
/// The fields of a sale document the sink keeps, read from the document's JSON before the store's lock is taken (the
/// parsing is most of a bulk request's work; searches should not wait for it). Absent fields are null; <see cref="Deleted"/>
/// marks a tombstone (docs/assets.md, "Deletes"); <see cref="Flagged"/> is <c>fraud_flagged</c>.
/// </summary>
internal readonly record struct SinkSaleFields(string? StoreId, string? CardFingerprint, decimal? Amount, DateTimeOffset? SoldAt, DateOnly? SoldDate, bool Deleted = false, bool? Flagged = null)
{
    public static SinkSaleFields Parse(ReadOnlySpan<byte> document)
    {
        string? store = null, card = null;
        decimal? amount = null;
        DateTimeOffset? soldAt = null;
        DateOnly? soldDate = null;
        var deleted = false;
        bool? flagged = null;
        var reader = new Utf8JsonReader(document);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a document must be a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) continue;
            if (name.SequenceEqual("store_id"u8)) store = reader.GetString();
            else if (name.SequenceEqual("card_fingerprint"u8)) card = reader.GetString();
            else if (name.SequenceEqual("amount_sale"u8))
                amount = reader.TokenType == JsonTokenType.String
                    ? decimal.Parse(reader.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
                    : reader.GetDecimal();
            else if (name.SequenceEqual("sold_at"u8) && reader.TryGetDateTimeOffset(out var at)) soldAt = at;
            else if (name.SequenceEqual("sold_date"u8) && reader.GetString() is { Length: >= 10 } day
                && ControlPlane.ElasticRules.EsDates.TryParseDay(day.AsSpan(0, 10), out var d))
                soldDate = d;
            else if (name.SequenceEqual("deleted"u8)) deleted = reader.TokenType == JsonTokenType.True;
            else if (name.SequenceEqual("fraud_flagged"u8) && reader.TokenType is JsonTokenType.True or JsonTokenType.False) flagged = reader.TokenType == JsonTokenType.True;
            else reader.Skip();
        }
        return new SinkSaleFields(store, card, amount, soldAt, soldDate, deleted, flagged);
    }
}
