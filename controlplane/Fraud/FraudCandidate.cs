namespace ControlPlane.Fraud;

/// <summary>
/// A sale as the fraud check sees it: who paid how much, where and when (local day of the source's zone).
/// <see cref="Flagged"/> is the state it was written with (<c>fraud_flagged</c>, or this run's verdict when it is still in
/// flight): a re-check compares the new verdict with it. Defaults to false (a sale of the page being checked).
/// </summary>
public sealed record FraudCandidate(string SaleId, string StoreId, string CardFingerprint, decimal Amount, DateTimeOffset SoldAt, DateOnly SoldDate, bool Flagged = false)
{
    /// <summary>The same card's fingerprint under the previous key while a rotation is under way; null otherwise.</summary>
    public string? PreviousCardFingerprint { get; init; }
}
