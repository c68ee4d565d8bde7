using ControlPlane.Generation;
using ControlPlane.Tests.TestSupport;
using static ControlPlane.Tests.Generation.GenerationFixture;

namespace ControlPlane.Tests.Generation;

public sealed class GeneratedSalesTests
{
    [Fact]
    public async Task BothSourcesAreFilledWithTheirOwnColumnsAndARealisticShape()
    {
        await using var db = await MySqlTestDatabase.CreateAsync("gen_shape");
        var summary = await Generator().GenerateAsync(db.ConnectionString, Request(20_000, days: 14, fraudRate: 0.001), null, CancellationToken.None);

        // 80/20 between the multi-platform table and the web shop's orders table; keys 1..N in time order.
        Assert.Equal(16_000, await CountAsync(db, "SELECT COUNT(*) FROM platform_sales"));
        Assert.Equal(4_000, await CountAsync(db, "SELECT COUNT(*) FROM orders"));
        Assert.Equal([16_000L, 4_000L], summary.Sources.Select(s => s.Rows));
        Assert.Equal(16_000, await CountAsync(db, "SELECT MAX(id) FROM platform_sales"));
        Assert.Equal(0, await CountAsync(db, "SELECT COUNT(*) FROM (SELECT DATE(sold_at) d, LAG(DATE(sold_at)) OVER (ORDER BY id) prev FROM platform_sales) x WHERE d < prev"));
        Assert.True(await CountAsync(db, "SELECT COUNT(DISTINCT platform) FROM platform_sales") >= 4, "platform_sales holds several platforms");
        Assert.Equal(0, await CountAsync(db, "SELECT COUNT(*) FROM platform_sales p JOIN orders o ON o.shop_code = p.store_id"));

        // The last 14 local days ending at --end, updated_at left to the table (insertion time), nothing deleted.
        var range = (await QueryAsync(db, "SELECT MIN(ordered_at), MAX(ordered_at) FROM orders UNION ALL SELECT MIN(sold_at), MAX(sold_at) FROM platform_sales"));
        Assert.All(range, r => Assert.InRange((DateTime)r[0]!, new DateTime(2026, 4, 18), new DateTime(2026, 5, 2)));
        Assert.All(range, r => Assert.InRange((DateTime)r[1]!, new DateTime(2026, 4, 18), new DateTime(2026, 5, 2)));
        Assert.Equal(0, await CountAsync(db, "SELECT COUNT(*) FROM platform_sales WHERE ABS(TIMESTAMPDIFF(SECOND, updated_at, NOW(6))) > 600 OR deleted_at IS NOT NULL"));

        // Valid-looking cards: 16 digits passing the Luhn check.
        var cards = (await QueryAsync(db, "SELECT card_number FROM platform_sales WHERE card_number IS NOT NULL UNION ALL SELECT card_no FROM orders WHERE card_no IS NOT NULL")).Select(r => (string)r[0]!).ToList();
        Assert.All(cards, card => Assert.True(card.Length == 16 && card.All(char.IsAsciiDigit) && CardNumbers.PassesLuhn(card), card[^4..]));

        // Time of day: lunch and dinner busier than the small hours; Saturdays busier than Tuesdays.
        var byHour = (await QueryAsync(db, "SELECT HOUR(sold_at), COUNT(*) FROM platform_sales GROUP BY HOUR(sold_at)")).ToDictionary(r => Convert.ToInt32(r[0]), r => Convert.ToInt64(r[1]));
        Assert.True(byHour[12] + byHour[19] > 10 * (byHour.GetValueOrDefault(3) + byHour.GetValueOrDefault(4)), "lunch and dinner peaks");
        var byDay = (await QueryAsync(db, "SELECT DAYOFWEEK(sold_at), COUNT(*) FROM platform_sales GROUP BY DAYOFWEEK(sold_at)")).ToDictionary(r => Convert.ToInt32(r[0]), r => Convert.ToInt64(r[1]));
        Assert.True(byDay[7] > byDay[3] * 1.15, $"Saturday {byDay[7]} vs Tuesday {byDay[3]}");

        // Store sizes are skewed; tickets differ per store; customers come back.
        var perStore = (await QueryAsync(db, "SELECT COUNT(*), AVG(amount_sale) FROM platform_sales GROUP BY store_id ORDER BY COUNT(*) DESC")).ToList();
        Assert.True(Convert.ToInt64(perStore[0][0]) > 5 * Convert.ToInt64(perStore[perStore.Count / 2][0]), "largest store is much bigger than the median one");
        var tickets = perStore.Where(r => Convert.ToInt64(r[0]) >= 100).Select(r => Convert.ToDecimal(r[1])).ToList();
        Assert.True(tickets.Max() > 2 * tickets.Min(), "average tickets differ between stores");
        var repeatShare = await CountAsync(db, "SELECT COALESCE(SUM(n), 0) FROM (SELECT COUNT(*) n FROM platform_sales GROUP BY store_id, card_number HAVING n > 1) x");
        Assert.True(repeatShare > 16_000 * 0.3, $"only {repeatShare} sales by returning cards");
    }

    [Fact]
    public async Task WithoutAnEndDateTheLastDayIsTodayInTheSourceTimeZone()
    {
        await using var db = await MySqlTestDatabase.CreateAsync("gen_today");
        // 16:30 UTC on 1 May is 01:30 on 2 May in Asia/Seoul (UTC+9).
        var clock = new FixedClock(new DateTimeOffset(2026, 5, 1, 16, 30, 0, TimeSpan.Zero));
        var generator = new SalesGenerator(GenerationFixture.Assets, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<SalesGenerator>.Instance);
        var request = Request(2_000, days: 3);
        request.End = null;

        var summary = await generator.GenerateAsync(db.ConnectionString, request, null, CancellationToken.None);

        Assert.All(summary.Sources, s => Assert.Equal((new DateOnly(2026, 4, 30), new DateOnly(2026, 5, 2)), (s.FirstDay, s.LastDay)));
        var days = await QueryAsync(db, "SELECT MIN(DATE(sold_at)), MAX(DATE(sold_at)) FROM platform_sales");
        Assert.Equal((new DateTime(2026, 4, 30), new DateTime(2026, 5, 2)), ((DateTime)days[0][0]!, (DateTime)days[0][1]!));
    }

    [Fact]
    public async Task ASecondRunAppendsAfterTheExistingKeys()
    {
        await using var db = await MySqlTestDatabase.CreateAsync("gen_append");
        var request = Request(1_000, fraudRate: 0.01, badRate: 0.01);
        await Generator().GenerateAsync(db.ConnectionString, request, null, CancellationToken.None);
        request.Seed = 9;
        var second = await Generator().GenerateAsync(db.ConnectionString, request, null, CancellationToken.None);

        Assert.Equal([801L, 201L], second.Sources.Select(s => s.FirstId));
        Assert.Equal(1_600, await CountAsync(db, "SELECT COUNT(*) FROM platform_sales"));
        Assert.Equal(400, await CountAsync(db, "SELECT MAX(order_no) FROM orders"));
        Assert.Equal(0, await CountAsync(db, "SELECT COUNT(*) FROM (SELECT fraud_case FROM planted_fraud GROUP BY fraud_case HAVING COUNT(DISTINCT source_key) < 3 OR COUNT(DISTINCT card_last4) > 1) x"));
    }
}

/// <summary>A clock stopped at one instant, for "today".</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
