using System.Text.Json.Nodes;

namespace ControlPlane.Fraud;

/// <summary>
/// A sale document found in <c>platform_sales</c>: what the check counts (its <c>Flagged</c> is <c>fraud_flagged</c>) and
/// the document's sale fields, so the loader can rewrite it when a re-check changes its verdict.
/// </summary>
public sealed record IndexedSale(FraudCandidate Candidate, JsonObject Document);
