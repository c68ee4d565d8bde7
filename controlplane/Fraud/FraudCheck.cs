using System.Globalization;

namespace ControlPlane.Fraud;

/// <summary>
/// The fraud check: a pure function of a page of sales and its lookups, so it can be tested and replayed without a cluster.
/// For each sale the first enabled rule (by name) that fires gives the verdict; null means not flagged.
/// </summary>
public static class FraudCheck
{
    public static FraudVerdict?[] Evaluate(IReadOnlyList<FraudRule> rules, IReadOnlyList<FraudCandidate> page, FraudLookup lookup)
    {
        var verdicts = new FraudVerdict?[page.Count];
        if (page.Count == 0 || !rules.Any(r => r.Enabled)) return verdicts;

        // Every sale that can count as a repeat, grouped by (card, amount): the earlier ones and the page itself,
        // each sale id once (the page's version of a sale wins over an earlier copy of it).
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var paid = new Dictionary<(string Card, decimal Amount), List<FraudCandidate>>();
        foreach (var sale in page.Concat(lookup.EarlierSales))
        {
            if (!seen.Add(sale.SaleId)) continue;
            var key = (sale.CardFingerprint, sale.Amount);
            if (!paid.TryGetValue(key, out var list)) paid[key] = list = [];
            list.Add(sale);
        }

        for (var i = 0; i < page.Count; i++)
        {
            foreach (var rule in rules)
            {
                if (!rule.Enabled) continue;
                if (Check(rule, page[i], lookup, paid[(page[i].CardFingerprint, page[i].Amount)]) is { } verdict)
                {
                    verdicts[i] = verdict;
                    break;
                }
            }
        }
        return verdicts;
    }

    /// <summary>
    /// Condition 1 of <paramref name="rule"/>: the amount is greater than its multiplier × the weekly AOV of the store for the
    /// day before. No AOV means the rule cannot fire. It needs no earlier sales, so the fraud stage asks for the earlier
    /// sales of the cards that pass it only.
    /// </summary>
    public static bool AboveAovLimit(FraudRule rule, FraudCandidate sale, IReadOnlyDictionary<(string StoreId, DateOnly Date), double> weeklyAov) =>
        AovLimit(rule, sale, weeklyAov) is { } limit && sale.Amount > limit.Limit;

    private static (double Aov, decimal Limit)? AovLimit(FraudRule rule, FraudCandidate sale, IReadOnlyDictionary<(string StoreId, DateOnly Date), double> weeklyAov)
    {
        if (!weeklyAov.TryGetValue((sale.StoreId, sale.SoldDate.AddDays(-1)), out var aov) || !double.IsFinite(aov) || aov <= 0) return null;
        return (aov, rule.AovMultiplier * (decimal)aov);
    }

    private static FraudVerdict? Check(FraudRule rule, FraudCandidate sale, FraudLookup lookup, List<FraudCandidate> sameCardAndAmount)
    {
        // 1. amount > multiplier × weekly AOV of the store for the day before; no AOV means the rule cannot fire.
        var aovDay = sale.SoldDate.AddDays(-1);
        if (AovLimit(rule, sale, lookup.WeeklyAov) is not var (aov, limit) || sale.Amount <= limit) return null;

        // 2. the same card paid the same amount at least min_repeats times in the window up to this sale, this sale included.
        var first = sale.SoldDate.AddDays(-(rule.WindowDays - 1));
        var count = 0;
        foreach (var other in sameCardAndAmount)
            if (other.SoldDate >= first && other.SoldDate <= sale.SoldDate && other.SoldAt <= sale.SoldAt) count++;
        if (count < rule.MinRepeats) return null;

        var c = CultureInfo.InvariantCulture;
        return new FraudVerdict(rule, aov, count,
        [
            string.Create(c, $"amount {sale.Amount:0.00} is more than {rule.AovMultiplier:0.##} × the weekly AOV {aov:0.00} of store {sale.StoreId} for {aovDay:yyyy-MM-dd} (limit {limit:0.00})"),
            string.Create(c, $"the same card paid {sale.Amount:0.00} {count} times from {first:yyyy-MM-dd} to {sale.SoldDate:yyyy-MM-dd} ({rule.WindowDays} days), at least {rule.MinRepeats} needed"),
        ]);
    }
}
