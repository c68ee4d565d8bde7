using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Loading;

namespace ControlPlane.Streaming;

/// <summary>
/// Maps a message to a payment through the source's field mapping, or to a poison message with the reason: not a JSON
/// object, a required field missing, an unreadable amount, date or time, a bad card number. Local date and time are read
/// in the source's zone and carried with its offset, as the MySQL loader does.
/// </summary>
public sealed class PaymentMapper(StreamSourceDefinition source, CardFingerprint? cards)
{
    private const int MaxRawText = 2048;
    private readonly TimeZoneInfo _zone = source.TimeZoneInfo;
    private readonly string _platform = source.Platform.Trim().ToLowerInvariant();
    private readonly StreamFieldMap _f = source.Fields;

    public MappedMessage Map(StreamMessage message)
    {
        var p = message.Position;
        var positionId = $"{source.Name}-{p.Topic}-{p.Partition.ToString(CultureInfo.InvariantCulture)}-{p.Offset.ToString(CultureInfo.InvariantCulture)}";
        JsonObject json;
        try
        {
            json = JsonNode.Parse(message.Value ?? [], documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject
                ?? throw new JsonException("the value is not a JSON object");
        }
        catch (JsonException ex)
        {
            return new PoisonMessage(message, positionId, $"not a JSON object: {ex.Message.Split(" Path:")[0]}", UnreadableRaw(message));
        }
        // The card number is taken out of the JSON at once: every copy of the message (dead letter, verdict topic) has only its mask.
        var rawCard = _f.CardNumber is { } cardKey ? Text(json, cardKey) : null;
        if (rawCard is not null) json[_f.CardNumber!] = CardFingerprint.Mask(rawCard);

        var saleId = positionId;
        var sourceKey = p.ToString();
        if (source.IdField is { } idField)
        {
            if (Text(json, idField) is not { } id) return Poison($"id field {idField} is missing or empty");
            (saleId, sourceKey) = ($"{source.Name}-{id}", id);
        }
        foreach (var required in source.Required)
            if (Text(json, required) is null) return Poison($"required field {required} is missing or empty");

        if (Text(json, _f.AmountSale) is not { } amountText) return Poison($"required field {_f.AmountSale} is missing or empty");
        if (!decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || decimal.Round(amount, 2) != amount || amount < 0)
            return Poison($"{_f.AmountSale} '{amountText}' is not a non-negative amount with at most two decimals");

        DateTime local;
        if (_f.SoldAt is { } soldAtField)
        {
            if (Text(json, soldAtField) is not { } text) return Poison($"required field {soldAtField} is missing or empty");
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) && HasOffset(text))
                local = TimeZoneInfo.ConvertTime(withOffset, _zone).DateTime;
            else if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
                return Poison($"{soldAtField} '{text}' is not an ISO 8601 date-time");
        }
        else
        {
            if (Text(json, _f.Date!) is not { } dateText) return Poison($"required field {_f.Date} is missing or empty");
            if (Text(json, _f.Time!) is not { } timeText) return Poison($"required field {_f.Time} is missing or empty");
            if (!DateOnly.TryParseExact(dateText, _f.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return Poison($"{_f.Date} '{dateText}' is not a date like {_f.DateFormat}");
            if (!TimeOnly.TryParseExact(timeText, _f.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
                return Poison($"{_f.Time} '{timeText}' is not a time like {_f.TimeFormat}");
            local = date.ToDateTime(time);
        }
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (_zone.IsInvalidTime(unspecified)) return Poison($"{local:yyyy-MM-dd HH:mm:ss} does not exist in {source.TimeZone} (a daylight-saving gap)");
        var soldAt = new DateTimeOffset(unspecified, _zone.GetUtcOffset(unspecified));

        string? fingerprint = null, masked = null;
        if (_f.CardNumber is { } cardField && rawCard is not null)
        {
            if (cards is null) return Poison("the source maps a card number but CARD_HMAC_KEY is not set");
            if (!CardFingerprint.TryNormalize(rawCard, out var digits, out var problem)) return Poison($"{cardField}: {problem}");
            (fingerprint, masked) = (cards.Fingerprint(digits), CardFingerprint.Mask(digits));
        }

        return new Payment(message, saleId, source.Name, sourceKey, _platform, Optional(_f.StoreId), fingerprint, masked, amount,
            soldAt, DateOnly.FromDateTime(local), Optional(_f.PaymentType), Optional(_f.Recipient), json)
        {
            CardKeyId = fingerprint is null ? null : cards?.KeyId,
        };

        string? Optional(string? field) => field is null ? null : Text(json, field);
        PoisonMessage Poison(string reason) => new(message, saleId, reason, json);
    }

    /// <summary>A field's value as text (strings trimmed, numbers as written); null when missing, null or empty.</summary>
    private static string? Text(JsonObject json, string field) => json[field] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Trim() is { Length: > 0 } s ? s : null,
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => null,
    };

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.Length > 19 && (text[^6] is '+' or '-');

    /// <summary>A value that is not a JSON object: its length, and its text only when the source maps no card (it might hold one).</summary>
    private JsonObject UnreadableRaw(StreamMessage message)
    {
        var raw = new JsonObject { ["value_bytes"] = message.Value?.Length ?? 0 };
        if (_f.CardNumber is null && message.Value is { } bytes)
            raw["value_text"] = System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxRawText));
        return raw;
    }
}
