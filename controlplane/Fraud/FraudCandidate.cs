namespace ControlPlane.Fraud;

/// <summary>A sale as the fraud check sees it: who paid how much, where and when (local day of the source's zone).</summary>
public sealed record FraudCandidate(string SaleId, string StoreId, string CardFingerprint, decimal Amount, DateTimeOffset SoldAt, DateOnly SoldDate);
