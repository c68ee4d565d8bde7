using ControlPlane.Fraud;

namespace ControlPlane.Tests.Fraud;

/// <summary>The fraud stage's window of this run's writes: what it adds to a search answer for a page's cards and days.</summary>
public sealed class RecentSalesWindowTests
{
    private static readonly DateOnly D = new(2026, 11, 21);

    private static FraudCandidate Sale(string id, string card, int day = 0) =>
        new(id, "S1", card, 250m, new DateTimeOffset(D.AddDays(day).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero), D.AddDays(day), false);

    [Fact]
    public void ASaleRewrittenWithAnotherCardCountsOnlyForItsNewCard()
    {
        var window = new RecentSalesWindow<object>();
        window.Add(0, [("s1", Sale("s1", "card-a"), null), ("s2", Sale("s2", "card-a"), null)]);
        window.Add(1, [("s1", Sale("s1", "card-b"), null)]);

        Assert.Equal(["s2"], window.Merge([], new HashSet<string>(), new HashSet<string> { "card-a" }, D, D).Select(s => s.SaleId));
        Assert.Equal(["s1"], window.Merge([], new HashSet<string>(), new HashSet<string> { "card-b" }, D, D).Select(s => s.SaleId));
    }

    [Fact]
    public void AWindowSaleOverridesTheSearchedCopyAndADeleteHidesIt()
    {
        var window = new RecentSalesWindow<object>();
        window.Add(0, [("s1", Sale("s1", "card-a", day: 0), null), ("s2", null, null)]);
        var searched = new[] { Sale("s1", "card-a", day: -5), Sale("s2", "card-a"), Sale("s3", "card-a") };

        var merged = window.Merge(searched, new HashSet<string>(), new HashSet<string> { "card-a" }, D, D);

        // s1 is the window's version (day 0), s2 was deleted in this run, s3 only the search knows.
        Assert.Equal([("s1", D), ("s3", D)], merged.Select(s => (s.SaleId, s.SoldDate)).OrderBy(x => x.SaleId));
    }

    [Fact]
    public void ADroppedPageLeavesItsSalesToTheSearchButALaterPagesRewriteStays()
    {
        var window = new RecentSalesWindow<object>();
        window.Add(0, [("s1", Sale("s1", "card-a"), null), ("s2", Sale("s2", "card-a"), null)]);
        window.Add(1, [("s2", Sale("s2", "card-a"), null)]);

        window.Drop(0);

        Assert.Equal(["s2"], window.Merge([], new HashSet<string>(), new HashSet<string> { "card-a" }, D, D).Select(s => s.SaleId));
        Assert.Null(window.Latest("s1"));
        Assert.Equal(1, window.SaleCount);
    }

    [Fact]
    public void ThePagesOwnIdsAndSalesOutsideTheDaysAreLeftOut()
    {
        var window = new RecentSalesWindow<object>();
        window.Add(0, [("s1", Sale("s1", "card-a"), null), ("s2", Sale("s2", "card-a", day: 9), null), ("s3", Sale("s3", "card-a"), null)]);

        var merged = window.Merge([], new HashSet<string> { "s3" }, new HashSet<string> { "card-a" }, D.AddDays(-6), D);

        Assert.Equal(["s1"], merged.Select(s => s.SaleId));
    }
}
