using ControlPlane.Tests.TestSupport;
using static ControlPlane.Tests.Generation.GenerationFixture;

namespace ControlPlane.Tests.Generation;

public sealed class PlantedBadRowsTests
{
    [Fact]
    public async Task EveryBadRowIsLabelledWithItsReasonAndEveryLabelIsABadRow()
    {
        await using var db = await MySqlTestDatabase.CreateAsync("gen_bad");
        var summary = await Generator().GenerateAsync(db.ConnectionString, Request(10_000, badRate: 0.02), null, CancellationToken.None);

        var labelled = 0L;
        foreach (var name in new[] { "platform_sales", "shop_orders" })
        {
            var s = Source(name);
            var c = s.Columns;
            // interface.md: a row is bad when the amount is NULL or the card number is not 12–19 digits.
            var bad = $"(t.{c.AmountSale} IS NULL OR t.{c.CardNumber} IS NULL OR t.{c.CardNumber} NOT REGEXP '^[0-9]{{12,19}}$')";
            var mislabelled = await QueryAsync(db, $"""
                SELECT b.source_key, b.reason FROM planted_bad_rows b LEFT JOIN {s.Table} t ON t.{c.Id} = CAST(b.source_key AS UNSIGNED)
                WHERE b.source = '{name}' AND NOT (t.{c.Id} IS NOT NULL AND {bad} AND t.{c.StoreId} = b.store_id AND t.{c.SoldAt} = b.sold_at
                  AND (b.reason <> 'null_amount' OR t.{c.AmountSale} IS NULL) AND (b.reason <> 'null_card' OR t.{c.CardNumber} IS NULL))
                """);
            Assert.Empty(mislabelled);
            var unlabelled = await CountAsync(db, $"""
                SELECT COUNT(*) FROM {s.Table} t
                WHERE {bad} AND NOT EXISTS (SELECT 1 FROM planted_bad_rows b WHERE b.source = '{name}' AND CAST(b.source_key AS UNSIGNED) = t.{c.Id})
                """);
            Assert.Equal(0, unlabelled);
            labelled += await CountAsync(db, $"SELECT COUNT(*) FROM planted_bad_rows WHERE source = '{name}'");
        }

        // 2% of 10000 rows, give or take chance (the standard deviation is 14).
        Assert.InRange(labelled, 130, 270);
        Assert.Equal(summary.BadRows, labelled);
        var reasons = (await QueryAsync(db, "SELECT DISTINCT reason FROM planted_bad_rows ORDER BY reason")).Select(r => (string)r[0]!);
        Assert.Equal(["masked_card", "null_amount", "null_card", "short_card"], reasons);
    }
}
