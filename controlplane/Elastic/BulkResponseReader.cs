using System.Text;
using System.Text.Json;

namespace ControlPlane.Elastic;

/// <summary>
/// Reads a <c>_bulk</c> answer with a forward-only <see cref="Utf8JsonReader"/>: it is on the loader's hot path (an answer
/// a page), and a JSON document of it was a copy and a tree per page for a few fields an item.
/// </summary>
public static class BulkResponseReader
{
    /// <summary>Reads the answer; <paramref name="expectedItems"/> (the actions sent) sizes the item list once.</summary>
    public static BulkResponse Read(ReadOnlySpan<byte> json, int expectedItems = 0)
    {
        var reader = new Utf8JsonReader(json);
        var errors = false;
        long took = 0;
        var items = new List<BulkItemResult>(expectedItems);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a _bulk answer must be a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("errors"u8))
            {
                reader.Read();
                errors = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("took"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var t)) took = t;
            }
            else if (reader.ValueTextEquals("items"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); continue; }
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject) items.Add(ReadItem(ref reader, json));
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new BulkResponse(errors, items, took);
    }

    /// <summary>One item, <c>{"ACTION": {...}}</c>, the reader on its start; leaves it on the item's end.</summary>
    private static BulkItemResult ReadItem(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        string action = "";
        string? index = null, id = null, type = null, reason = null;
        var status = 0;
        var first = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!first)
            {
                // One action per item: anything after it is skipped.
                reader.Read();
                reader.Skip();
                continue;
            }
            first = false;
            action = ActionName(ref reader);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); continue; }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("status"u8)) { reader.Read(); status = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : 0; }
                else if (reader.ValueTextEquals("_index"u8)) { reader.Read(); index = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; }
                else if (reader.ValueTextEquals("_id"u8)) { reader.Read(); id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; }
                else if (reader.ValueTextEquals("error"u8)) { reader.Read(); (type, reason) = ReadError(ref reader, json); }
                else { reader.Read(); reader.Skip(); }
            }
        }
        return new BulkItemResult(action, index, id, status, type, reason);
    }

    /// <summary>The four actions as shared strings (one string an item otherwise); any other name as read.</summary>
    private static string ActionName(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("index"u8) ? "index"
        : reader.ValueTextEquals("create"u8) ? "create"
        : reader.ValueTextEquals("delete"u8) ? "delete"
        : reader.ValueTextEquals("update"u8) ? "update"
        : reader.GetString()!;

    /// <summary>An item's error: its type and reason (with the first cause's reason), or its whole text when it has no reason.</summary>
    private static (string? Type, string? Reason) ReadError(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : Encoding.UTF8.GetString(json.Slice((int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex)));
            reader.Skip();
            return (null, text);
        }
        var start = (int)reader.TokenStartIndex;
        string? type = null, reason = null, cause = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8)) { reader.Read(); type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; }
            else if (reader.ValueTextEquals("reason"u8)) { reader.Read(); reason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; }
            else if (reader.ValueTextEquals("caused_by"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); continue; }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("reason"u8)) { reader.Read(); cause = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; }
                    else { reader.Read(); reader.Skip(); }
                }
            }
            else { reader.Read(); reader.Skip(); }
        }
        reason ??= Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
        if (cause is not null) reason += $" (caused by: {cause})";
        return (type, reason);
    }
}
