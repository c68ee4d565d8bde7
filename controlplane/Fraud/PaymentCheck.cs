namespace ControlPlane.Fraud;

/// <summary>
/// The fraud check of streamed payments, pure like <see cref="FraudCheck"/> and built on it: field rules look at the payment
/// alone; the AOV rules (<see cref="FraudCheck.Evaluate"/>, unchanged) check the payments that carry a store and a card,
/// with the same lookups as the batch loader. The first firing enabled rule by name gives the verdict, as in the batch
/// check. Then each alert rule is matched against the payment and its verdict.
/// </summary>
public static class PaymentCheck
{
    public static PaymentOutcome[] Check(
        IReadOnlyList<FieldRule> fieldRules, IReadOnlyList<FraudRule> aovRules, IReadOnlyList<AlertRule> alertRules,
        IReadOnlyList<PaymentToCheck> payments, FraudLookup aovLookup)
    {
        var candidates = new List<FraudCandidate>();
        var candidateOf = new int[payments.Count];
        for (var i = 0; i < payments.Count; i++)
        {
            candidateOf[i] = -1;
            if (payments[i].AovCandidate is { } c) { candidateOf[i] = candidates.Count; candidates.Add(c); }
        }
        var aovVerdicts = candidates.Count > 0 ? FraudCheck.Evaluate(aovRules, candidates, aovLookup) : [];
        var enabledFieldRules = fieldRules.Where(r => r.Enabled).ToList();
        var enabledAlerts = alertRules.Where(r => r.Enabled).ToList();

        var outcomes = new PaymentOutcome[payments.Count];
        for (var i = 0; i < payments.Count; i++)
        {
            var fields = payments[i].Fields;
            var firing = new List<PaymentVerdict>();
            foreach (var rule in enabledFieldRules)
                if (rule.Match.All(c => c.Matches(fields)))
                    firing.Add(new PaymentVerdict(rule.Name, rule.Version, rule.Match.Select(c => c.Describe(fields)).ToList()));
            if (candidateOf[i] >= 0 && aovVerdicts[candidateOf[i]] is { } aov) firing.Add(PaymentVerdict.From(aov));
            var verdict = firing.OrderBy(v => v.RuleId, StringComparer.Ordinal).FirstOrDefault();

            var alerts = enabledAlerts.Where(a => (!a.WhenFlagged || verdict is not null) && a.Match.All(c => c.Matches(fields))).ToList();
            outcomes[i] = new PaymentOutcome(verdict, alerts);
        }
        return outcomes;
    }
}
