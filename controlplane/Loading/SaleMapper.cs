using System.Globalization;
using ControlPlane.Fraud;
using ControlPlane.Sources;

namespace ControlPlane.Loading;

/// <summary>
/// Maps a source row to a sale document, a delete (soft-deleted rows) or a dead letter with the reason.
/// sold_at is local time of the source's zone and the document carries it with that zone's offset; updated_at is the
/// instant the reader found (<see cref="UpdatedAtClock"/>), and the version comes from its value as read (<see cref="Versions"/>).
/// </summary>
/// <paramref name="previousCards"/> is the key of a rotation under way: each card is fingerprinted with it too, so the fraud
/// check matches the card's sales still written with the old key (README, "Rotating the card key").
public sealed class SaleMapper(SourceDefinition source, CardFingerprint cards, CardFingerprint? previousCards = null)
{
    private readonly TimeZoneInfo _zone = source.TimeZoneInfo;
    private readonly string? _fixedPlatform = string.IsNullOrWhiteSpace(source.Platform) ? null : source.Platform.Trim().ToLowerInvariant();

    public MappedRow Map(SourceRow row)
    {
        var saleId = SaleIdOf(source.Name, row.Id);
        var updatedAt = row.UpdatedAtInstant;
        var version = Versions.Of(row.UpdatedAt);
        if (row.DeletedAt is not null) return new DeletedRow(row, saleId, version) { Leaving = LeavingPayment(row, saleId), Location = LocationOf(row) };

        var platform = _fixedPlatform ?? row.Platform?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(platform)) return Bad($"{source.Columns.Platform ?? "platform"} is empty");
        var store = row.StoreId?.Trim();
        if (string.IsNullOrEmpty(store)) return Bad($"{source.Columns.StoreId} is empty");
        if (row.AmountSale is not { } amount) return Bad($"{source.Columns.AmountSale} is NULL");
        if (row.SoldAt is not { } soldAtLocal) return Bad($"{source.Columns.SoldAt} is NULL");
        if (!CardFingerprint.TryNormalize(row.CardNumber, out var digits, out var problem))
            return Bad($"{source.Columns.CardNumber}: {problem}");

        var sale = new Sale(
            saleId, source.Name, row.Id.ToString(CultureInfo.InvariantCulture), platform, store,
            cards.Fingerprint(digits), CardFingerprint.Mask(digits), amount,
            ToInstant(soldAtLocal), DateOnly.FromDateTime(soldAtLocal), updatedAt, version) { PreviousCardFingerprint = previousCards?.Fingerprint(digits), CardKeyId = cards.KeyId };
        return new SaleRow(row, sale);

        BadRow Bad(string reason) => new(row, saleId, version, reason) { Leaving = LeavingPayment(row, saleId), Location = LocationOf(row) };
    }

    /// <summary>The store and day a leaving row names, for its tombstone (docs/assets.md, "Deletes").</summary>
    private SaleLocation LocationOf(SourceRow row) => new(
        string.IsNullOrWhiteSpace(row.StoreId) ? null : row.StoreId.Trim(),
        row.SoldAt is { } soldAt ? ToInstant(soldAt) : null,
        row.SoldAt is { } local ? DateOnly.FromDateTime(local) : null);

    /// <summary>The payment a deleted or bad row still describes, so the fraud check re-checks the sales it counted for (such rows are few).</summary>
    private FraudCandidate? LeavingPayment(SourceRow row, string saleId) =>
        row.AmountSale is { } amount && row.SoldAt is { } soldAt && CardFingerprint.TryNormalize(row.CardNumber, out var digits, out _)
            ? new FraudCandidate(saleId, row.StoreId?.Trim() ?? "", cards.Fingerprint(digits), amount, ToInstant(soldAt), DateOnly.FromDateTime(soldAt))
            {
                PreviousCardFingerprint = previousCards?.Fingerprint(digits),
            }
            : null;

    /// <summary><c>SOURCE-KEY</c>, the document <c>_id</c> in every index.</summary>
    public static string SaleIdOf(string source, long key) => $"{source}-{key.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A local wall-clock value of the source's zone as an instant with that zone's offset.</summary>
    public DateTimeOffset ToInstant(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, _zone.GetUtcOffset(unspecified));
    }
}
