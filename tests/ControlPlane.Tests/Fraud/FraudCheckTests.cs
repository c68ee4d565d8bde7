using ControlPlane.Fraud;

namespace ControlPlane.Tests.Fraud;

/// <summary>The rule of interface.md on hand-made pages: a pure function, so no cluster is involved.</summary>
public sealed class FraudCheckTests
{
    private static readonly FraudRule Rule = new("aov-spike-repeat", 1, null, true, 2m, 3, 7, "elastic-assets/fraud-rules/aov-spike-repeat.yml");
    private static readonly DateOnly D = new(2026, 11, 21);
    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);

    private static FraudCandidate Sale(string id, DateOnly day, int hour, decimal amount, string card = "card-a", string store = "S1", bool flagged = false) =>
        new(id, store, card, amount, new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), Seoul), day, flagged);

    private static FraudLookup Aov(double aov, params FraudCandidate[] earlier) =>
        new(new Dictionary<(string, DateOnly), double> { [("S1", D.AddDays(-1))] = aov }, earlier);

    [Fact]
    public void ASaleAboveTwiceTheWeeklyAovPaidThreeTimesByTheSameCardIsFlaggedWithItsReasons()
    {
        var earlier = new[] { Sale("e1", D.AddDays(-6), 10, 250m), Sale("e2", D.AddDays(-2), 10, 250m) };

        var verdict = Assert.Single(FraudCheck.Evaluate([Rule], [Sale("s", D, 12, 250m)], Aov(100, earlier)));

        Assert.NotNull(verdict);
        Assert.Equal((100d, 3), (verdict.WeeklyAov, verdict.RepeatCount));
        Assert.Equal("aov-spike-repeat", verdict.Rule.Name);
        Assert.Equal(
        [
            "amount 250.00 is more than 2 × the weekly AOV 100.00 of store S1 for 2026-11-20 (limit 200.00)",
            "the same card paid 250.00 3 times from 2026-11-15 to 2026-11-21 (7 days), at least 3 needed",
        ], verdict.Reasons);
    }

    [Fact]
    public void ExactlyTwiceTheWeeklyAovIsNotFlagged()
    {
        var earlier = new[] { Sale("e1", D.AddDays(-1), 10, 200m), Sale("e2", D.AddDays(-1), 11, 200m) };
        Assert.Null(FraudCheck.Evaluate([Rule], [Sale("s", D, 12, 200m)], Aov(100, earlier))[0]);
        Assert.NotNull(FraudCheck.Evaluate([Rule], [Sale("s", D, 12, 200.01m)], Aov(100, [.. earlier.Select(e => e with { Amount = 200.01m })]))[0]);
    }

    [Fact]
    public void OnlyTwoRepeatsAreNotFlagged()
    {
        Assert.Null(FraudCheck.Evaluate([Rule], [Sale("s", D, 12, 300m)], Aov(100, Sale("e1", D.AddDays(-1), 10, 300m)))[0]);
    }

    [Fact]
    public void NoWeeklyAovForTheDayBeforeMeansTheRuleCannotFire()
    {
        var earlier = new[] { Sale("e1", D, 9, 900m), Sale("e2", D, 10, 900m) };
        var aovOfTheSaleDay = new FraudLookup(new Dictionary<(string, DateOnly), double> { [("S1", D)] = 1 }, earlier);
        Assert.Null(FraudCheck.Evaluate([Rule], [Sale("s", D, 12, 900m)], aovOfTheSaleDay)[0]);
        var otherStore = new FraudLookup(new Dictionary<(string, DateOnly), double> { [("S2", D.AddDays(-1))] = 1 }, earlier);
        Assert.Null(FraudCheck.Evaluate([Rule], [Sale("s", D, 12, 900m)], otherStore)[0]);
    }

    [Fact]
    public void OnlySalesOfTheSameCardAndAmountInsideTheWindowAndUpToTheSaleCount()
    {
        var others = new[]
        {
            Sale("too-old", D.AddDays(-7), 23, 250m),      // the window is D-6..D
            Sale("other-card", D.AddDays(-1), 10, 250m, card: "card-b"),
            Sale("other-amount", D.AddDays(-1), 10, 250.01m),
            Sale("later-same-day", D, 13, 250m),           // after the sale: not "up to" it
            Sale("in-window", D.AddDays(-6), 0, 250m),
        };
        Assert.Null(FraudCheck.Evaluate([Rule], [Sale("s", D, 12, 250m)], Aov(100, others))[0]);

        var verdict = FraudCheck.Evaluate([Rule], [Sale("s", D, 13, 250m)], Aov(100, others))[0];
        Assert.Equal(3, verdict?.RepeatCount); // in-window, later-same-day (now at the same time), s
    }

    [Fact]
    public void SalesOfTheSamePageCountForEachOtherInTimeOrder()
    {
        var page = new[] { Sale("p1", D, 9, 250m), Sale("p2", D, 10, 250m), Sale("p3", D, 11, 250m), Sale("p4", D, 12, 250m) };

        var verdicts = FraudCheck.Evaluate([Rule], page, Aov(100));

        Assert.Equal(new int?[] { null, null, 3, 4 }, verdicts.Select(v => v?.RepeatCount));
    }

    [Fact]
    public void AnEarlierCopyOfAPageSaleCountsOnce()
    {
        var earlier = new[] { Sale("p1", D, 8, 250m), Sale("e1", D, 9, 250m), Sale("e1", D, 9, 250m) };
        Assert.Equal(2, FraudCheck.Evaluate([Rule with { MinRepeats = 2 }], [Sale("p1", D, 12, 250m)], Aov(100, earlier))[0]?.RepeatCount);
    }

    [Fact]
    public void DisabledRulesFlagNothingAndTheMultiplierRepeatsAndWindowComeFromTheRule()
    {
        var earlier = new[] { Sale("e1", D.AddDays(-9), 10, 350m) };
        var sale = Sale("s", D, 12, 350m);
        Assert.Null(FraudCheck.Evaluate([Rule with { Enabled = false }], [sale], Aov(100, earlier))[0]);
        Assert.Null(FraudCheck.Evaluate([Rule with { AovMultiplier = 4 }], [sale], Aov(100, earlier))[0]);
        Assert.NotNull(FraudCheck.Evaluate([Rule with { MinRepeats = 2, WindowDays = 10 }], [sale], Aov(100, earlier))[0]);
        Assert.Null(FraudCheck.Evaluate([Rule with { MinRepeats = 2, WindowDays = 9 }], [sale], Aov(100, earlier))[0]);
    }

    // ---- re-checks: the verdict is a fact about the data, not about load order ------------------------------------

    private static FraudLookup Around(double aov, FraudCandidate[] written, params FraudCandidate[] replaced) =>
        new(Enumerable.Range(-10, 20).ToDictionary(i => ("S1", D.AddDays(i)), _ => aov), written) { Replaced = replaced };

    [Fact]
    public void AnEarlierPaymentArrivingLateReFlagsTheLaterWrittenSaleWithItsReasons()
    {
        var later = Sale("later", D.AddDays(2), 10, 250m);
        var written = new[] { Sale("first", D, 10, 250m), later };

        var result = FraudCheck.Check([Rule], [Sale("late", D.AddDays(1), 10, 250m)], Around(100, written));

        Assert.Null(result.Verdicts[0]); // the late sale itself: only two payments up to it
        var recheck = Assert.Single(result.Rechecks);
        Assert.Equal("later", recheck.Sale.SaleId);
        Assert.Equal(3, recheck.Verdict?.RepeatCount);
        Assert.Contains("the same card paid 250.00 3 times from 2026-11-17 to 2026-11-23", recheck.Verdict!.Reasons[1]);
    }

    [Fact]
    public void ADeletedPaymentUnFlagsTheLaterSaleThatCountedIt()
    {
        var first = Sale("first", D, 10, 250m);
        var written = new[] { Sale("second", D.AddDays(1), 10, 250m), Sale("third", D.AddDays(2), 10, 250m, flagged: true) };

        var result = FraudCheck.Check([Rule], [], Around(100, written, replaced: first)); // the page deletes "first"

        var recheck = Assert.Single(result.Rechecks);
        Assert.Equal(("third", (FraudVerdict?)null), (recheck.Sale.SaleId, recheck.Verdict));
    }

    [Fact]
    public void AnAmountChangeUnFlagsTheOldPairAndFlagsTheNewOne()
    {
        var written = new[]
        {
            Sale("a2", D.AddDays(1), 10, 250m), Sale("a3", D.AddDays(2), 10, 250m, flagged: true),
            Sale("b1", D.AddDays(-1), 10, 300m), Sale("b3", D.AddDays(2), 11, 300m),
        };

        var result = FraudCheck.Check([Rule], [Sale("x", D, 10, 300m)], Around(100, written, replaced: Sale("x", D, 10, 250m)));

        Assert.Null(result.Verdicts[0]);
        Assert.Equal(new[] { ("a3", false), ("b3", true) },
            result.Rechecks.Select(r => (r.Sale.SaleId, r.Verdict is not null)).OrderBy(r => r.SaleId));
    }

    [Fact]
    public void OnlySalesWhoseWindowHoldsTheChangedPaymentAreReChecked()
    {
        var written = new[]
        {
            Sale("before", D.AddDays(-1), 10, 250m, flagged: true), // earlier than the change: its window does not hold it
            Sale("same-day-earlier", D, 9, 250m),                  // the change is later the same day
            Sale("past-window", D.AddDays(7), 10, 250m),            // window D+1..D+7 no longer holds D
            Sale("other-card", D.AddDays(1), 10, 250m, card: "card-b"),
            Sale("other-amount", D.AddDays(1), 10, 250.01m),
            Sale("in-window", D.AddDays(6), 10, 250m),
        };

        var mayChange = FraudCheck.MayChange([Rule], [Sale("change", D, 10, 250m)], Around(100, written));

        Assert.Equal(["in-window"], mayChange.Select(s => s.SaleId));
    }

    [Fact]
    public void AWrittenSaleWhoseVerdictDoesNotChangeIsNotRewritten()
    {
        var written = new[] { Sale("first", D, 10, 250m), Sale("second", D.AddDays(1), 10, 250m), Sale("third", D.AddDays(2), 10, 250m, flagged: true) };

        // A replay of "second" (same payment) and a fourth payment after "third": "third" stays flagged, nothing to rewrite.
        var result = FraudCheck.Check([Rule], [Sale("second", D.AddDays(1), 10, 250m), Sale("fourth", D.AddDays(3), 10, 250m)],
            Around(100, written, replaced: Sale("second", D.AddDays(1), 10, 250m)));

        Assert.Empty(result.Rechecks);
        Assert.Equal(new int?[] { null, 4 }, result.Verdicts.Select(v => v?.RepeatCount));
    }
}
