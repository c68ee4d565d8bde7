using System.Globalization;

namespace ControlPlane.Fraud;

/// <summary>
/// The fraud check: a pure function of a page of sales and its lookups, so it can be tested and replayed without a cluster.
/// For each sale the first enabled rule (by name) that fires gives the verdict; null means not flagged.
/// The rule is a fact about the data, not about load order: a page that adds, moves or removes a payment of a
/// (card, amount) pair also re-checks the written sales of that pair whose window holds that payment, and reports each
/// one whose verdict differs from the state it was written with.
/// </summary>
public static class FraudCheck
{
    /// <summary>The verdicts of the page's sales only.</summary>
    public static FraudVerdict?[] Evaluate(IReadOnlyList<FraudRule> rules, IReadOnlyList<FraudCandidate> page, FraudLookup lookup) =>
        Check(rules, page, lookup).Verdicts;

    /// <summary>The verdicts of the page's sales and the re-checks of written sales whose verdict the page changes.</summary>
    public static FraudCheckResult Check(IReadOnlyList<FraudRule> rules, IReadOnlyList<FraudCandidate> page, FraudLookup lookup) =>
        Check(rules, page, lookup, mayChange: null);

    /// <summary>
    /// The same, given what <see cref="MayChange"/> answers for these rules, page and lookup: a caller that needed it first
    /// (the fraud stage asks the weekly AOV of those sales) passes it on instead of having it worked out twice a page.
    /// </summary>
    public static FraudCheckResult Check(IReadOnlyList<FraudRule> rules, IReadOnlyList<FraudCandidate> page, FraudLookup lookup, IReadOnlyList<FraudCandidate>? mayChange)
    {
        var verdicts = new FraudVerdict?[page.Count];
        var enabled = rules.Where(r => r.Enabled).ToList();
        if (enabled.Count == 0 || (page.Count == 0 && lookup.Replaced.Count == 0)) return new FraudCheckResult(verdicts, []);

        // Only the (card, amount) pairs of sales a rule may flag need their payments grouped: a page sale whose amount
        // passes some rule's AOV limit, and a written sale the page may change. Most sales pass no limit, and grouping
        // every pair of a page was most of the check's allocations (docs/benchmark.md).
        mayChange ??= MayChange(enabled, page, lookup);
        var needed = new HashSet<(string Card, decimal Amount)>();
        foreach (var sale in page)
            if (PassesSomeAovLimit(enabled, sale, lookup.WeeklyAov)) needed.Add((sale.CardFingerprint, sale.Amount));
        foreach (var sale in mayChange) needed.Add((sale.CardFingerprint, sale.Amount));
        if (needed.Count == 0) return new FraudCheckResult(verdicts, []);

        // Every sale that can count as a repeat, grouped by (card, amount): the page and the written sales, each sale id
        // once (the page's version of a sale wins over a written copy of it; a replaced version the page dropped is gone).
        var seen = new HashSet<string>(page.Count + lookup.EarlierSales.Count + lookup.Replaced.Count, StringComparer.Ordinal);
        if (lookup.Replaced.Count > 0)
        {
            var pageIds = page.Select(s => s.SaleId).ToHashSet(StringComparer.Ordinal);
            foreach (var old in lookup.Replaced) if (!pageIds.Contains(old.SaleId)) seen.Add(old.SaleId);
        }
        var paid = new Dictionary<(string Card, decimal Amount), List<FraudCandidate>>();
        foreach (var sale in page.Concat(lookup.EarlierSales))
        {
            if (!seen.Add(sale.SaleId)) continue;
            var key = (sale.CardFingerprint, sale.Amount);
            if (!needed.Contains(key)) continue;
            if (!paid.TryGetValue(key, out var list)) paid[key] = list = [];
            list.Add(sale);
        }

        for (var i = 0; i < page.Count; i++)
            if (paid.TryGetValue((page[i].CardFingerprint, page[i].Amount), out var sameCardAndAmount))
                verdicts[i] = FirstFiring(enabled, page[i], lookup, sameCardAndAmount);

        var rechecks = new List<FraudRecheck>();
        foreach (var sale in mayChange)
        {
            var verdict = FirstFiring(enabled, sale, lookup, paid[(sale.CardFingerprint, sale.Amount)]);
            if ((verdict is not null) != sale.Flagged) rechecks.Add(new FraudRecheck(sale, verdict));
        }
        return new FraudCheckResult(verdicts, rechecks);
    }

    private static bool PassesSomeAovLimit(List<FraudRule> enabled, FraudCandidate sale, IReadOnlyDictionary<(string StoreId, DateOnly Date), double> weeklyAov)
    {
        foreach (var rule in enabled)
            if (AovLimit(rule, sale, weeklyAov) is var (_, limit) && sale.Amount > limit) return true;
        return false;
    }

    /// <summary>
    /// The written sales (of <see cref="FraudLookup.EarlierSales"/>) whose verdict the page may change: same card and amount
    /// as a payment the page adds, moves or removes, and that payment inside their window (on or before them, within the
    /// longest enabled window). Their (store, day before) pairs need a weekly AOV too. Every page sale counts as a change,
    /// a replay too: re-reading a page then repeats its re-checks (a run that failed after writing the rows), and a verdict
    /// that already agrees produces nothing.
    /// </summary>
    public static IReadOnlyList<FraudCandidate> MayChange(IReadOnlyList<FraudRule> rules, IReadOnlyList<FraudCandidate> page, FraudLookup lookup)
    {
        var windowDays = rules.Where(r => r.Enabled).Select(r => r.WindowDays).DefaultIfEmpty(0).Max();
        if (windowDays == 0) return [];

        // Only a written sale can change, so only the pairs written sales have need the page's changes.
        var writtenPairs = new HashSet<(string Card, decimal Amount)>();
        foreach (var sale in lookup.EarlierSales) writtenPairs.Add((sale.CardFingerprint, sale.Amount));
        if (writtenPairs.Count == 0) return [];

        var pageIds = new HashSet<string>(page.Count, StringComparer.Ordinal);
        var replacedIds = new HashSet<string>(StringComparer.Ordinal);
        var changes = new Dictionary<(string Card, decimal Amount), List<FraudCandidate>>();
        void Change(FraudCandidate c)
        {
            if (!writtenPairs.Contains((c.CardFingerprint, c.Amount))) return;
            if (!changes.TryGetValue((c.CardFingerprint, c.Amount), out var list)) changes[(c.CardFingerprint, c.Amount)] = list = [];
            list.Add(c);
        }
        foreach (var sale in page) if (pageIds.Add(sale.SaleId)) Change(sale);
        foreach (var old in lookup.Replaced) if (replacedIds.Add(old.SaleId)) Change(old);
        if (changes.Count == 0) return [];

        var result = new List<FraudCandidate>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sale in lookup.EarlierSales)
        {
            if (pageIds.Contains(sale.SaleId) || replacedIds.Contains(sale.SaleId) || !taken.Add(sale.SaleId)) continue;
            if (!changes.TryGetValue((sale.CardFingerprint, sale.Amount), out var list)) continue;
            var first = sale.SoldDate.AddDays(-(windowDays - 1));
            if (list.Any(c => c.SaleId != sale.SaleId && c.SoldDate >= first && c.SoldDate <= sale.SoldDate && c.SoldAt <= sale.SoldAt)) result.Add(sale);
        }
        return result;
    }

    private static FraudVerdict? FirstFiring(List<FraudRule> enabled, FraudCandidate sale, FraudLookup lookup, List<FraudCandidate> sameCardAndAmount)
    {
        foreach (var rule in enabled)
            if (Check(rule, sale, lookup, sameCardAndAmount) is { } verdict) return verdict;
        return null;
    }

    /// <summary>Condition 1's limit: multiplier × the store's weekly AOV of the day before; null (cannot fire) without an AOV.</summary>
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
