using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;

namespace ControlPlane.Loading;

/// <summary>
/// Reads a <c>platform_sales</c> document back into the <see cref="Sale"/> the loader wrote it from (the reverse of
/// <see cref="BulkBodyWriter"/>'s sale fields), so a re-check can rewrite it with the same external version: its
/// updated_at is stored with microseconds and its zone offset, and <see cref="Versions.Of"/> of it is the version it was written with.
/// </summary>
public static class SaleDocument
{
    /// <summary>The sale, or null and the first field that is missing or unreadable.</summary>
    public static (Sale? Sale, string? Problem) Read(JsonObject doc)
    {
        string? problem = null;
        string? Text(string field)
        {
            if (doc[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.ToString() is { Length: > 0 } s) return s;
            problem ??= $"{field} is missing or not text";
            return null;
        }
        DateTimeOffset? Instant(string field) =>
            Text(field) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : Problem<DateTimeOffset>(field);
        T? Problem<T>(string field) where T : struct
        {
            problem ??= $"{field} is not readable";
            return null;
        }

        var (saleId, source, sourceKey, platform, storeId) = (Text(SaleFields.SaleId), Text(SaleFields.Source), Text(SaleFields.SourceKey), Text(SaleFields.Platform), Text(SaleFields.StoreId));
        var (card, masked) = (Text(SaleFields.CardFingerprint), Text(SaleFields.CardMasked));
        var amount = doc[SaleFields.AmountSale] is JsonValue a && decimal.TryParse(a.GetValueKind() == JsonValueKind.String ? a.ToString() : a.ToJsonString(),
            NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : Problem<decimal>(SaleFields.AmountSale);
        var soldAt = Instant(SaleFields.SoldAt);
        var soldDate = Text(SaleFields.SoldDate) is { Length: >= 10 } day && DateOnly.TryParseExact(day[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var sd)
            ? sd : Problem<DateOnly>(SaleFields.SoldDate);
        var updatedAt = Instant(SaleFields.UpdatedAt);
        if (problem is not null) return (null, problem);
        return (new Sale(saleId!, source!, sourceKey!, platform!, storeId!, card!, masked!, amount!.Value, soldAt!.Value, soldDate!.Value,
            updatedAt!.Value, Versions.Of(updatedAt.Value)), null);
    }
}
