namespace ControlPlane.Loading;

/// <summary>A good sale in the document's terms (docs/design.md, "Documents"); no raw card number.</summary>
public sealed record Sale(
    string SaleId,
    string Source,
    string SourceKey,
    string Platform,
    string StoreId,
    string CardFingerprint,
    string CardMasked,
    decimal AmountSale,
    DateTimeOffset SoldAt,
    DateOnly SoldDate,
    DateTimeOffset UpdatedAt,
    long Version);
