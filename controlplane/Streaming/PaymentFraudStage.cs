using ControlPlane.Fraud;

namespace ControlPlane.Streaming;

/// <summary>
/// The fraud check of a batch: <see cref="PaymentCheck"/> with the rules of the repository. The AOV rules need the same
/// lookups as the MySQL loader (<see cref="FraudLookups"/>: the weekly AOV of each store's day before, and the written
/// sales of the same card and amount in the window); they are made only when the batch has payments with a store and a card.
/// Streamed sales are append-only, so a payment does not re-check written ones (the MySQL loader does, for changed rows).
/// </summary>
public sealed class PaymentFraudStage(
    IReadOnlyList<FieldRule> fieldRules, IReadOnlyList<FraudRule> aovRules, IReadOnlyList<AlertRule> alertRules, FraudLookups lookups, TimeZoneInfo zone)
{
    private readonly int _windowDays = aovRules.Where(r => r.Enabled).Select(r => r.WindowDays).DefaultIfEmpty(0).Max();

    /// <summary>The checked payments by message index, and whether the batch holds payments the AOV rules checked (their writes must be searchable before the next batch).</summary>
    public async Task<(Dictionary<int, CheckedPayment> Checked, bool UsedAovRules)> CheckAsync(IReadOnlyList<MappedMessage> messages, CancellationToken ct)
    {
        var indexes = new List<int>();
        var toCheck = new List<PaymentToCheck>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not Payment p) continue;
            indexes.Add(i);
            var candidate = _windowDays > 0 && p.StoreId is { } store && p.CardFingerprint is { } card
                ? new FraudCandidate(p.SaleId, store, card, p.Amount, p.SoldAt, p.SoldDate)
                : null;
            toCheck.Add(new PaymentToCheck(AlertFacts.Of(p), candidate));
        }

        var candidates = toCheck.Where(t => t.AovCandidate is not null).Select(t => t.AovCandidate!).ToList();
        var lookup = candidates.Count > 0 ? await LookupAsync(candidates, ct).ConfigureAwait(false) : FraudLookup.Empty;
        var outcomes = PaymentCheck.Check(fieldRules, aovRules, alertRules, toCheck, lookup);

        var result = new Dictionary<int, CheckedPayment>(indexes.Count);
        for (var j = 0; j < indexes.Count; j++) result[indexes[j]] = new CheckedPayment((Payment)messages[indexes[j]], outcomes[j].Verdict, outcomes[j].Alerts);
        return (result, candidates.Count > 0);
    }

    private async Task<FraudLookup> LookupAsync(List<FraudCandidate> candidates, CancellationToken ct)
    {
        var pairs = candidates.Select(c => (c.StoreId, c.SoldDate.AddDays(-1))).Distinct().ToList();
        var aov = await lookups.WeeklyAovAsync(pairs, zone, ct).ConfigureAwait(false);
        var ids = candidates.Select(c => c.SaleId).ToHashSet(StringComparer.Ordinal);
        var from = candidates.Min(c => c.SoldDate).AddDays(-(_windowDays - 1));
        var to = candidates.Max(c => c.SoldDate);
        var written = await lookups.SalesOfPaymentsAsync(candidates.Select(c => (c.CardFingerprint, c.Amount)).Distinct().ToList(), from, to, [], ct).ConfigureAwait(false);
        // A re-delivered payment's own earlier copy is not an earlier payment.
        var earlier = written.Select(w => w.Candidate).Where(c => !ids.Contains(c.SaleId)).ToList();
        return new FraudLookup(aov, earlier);
    }
}
