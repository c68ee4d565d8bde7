using ControlPlane.Sources;
using ControlPlane.Tests.TestSupport;
using static ControlPlane.Tests.Generation.GenerationFixture;

namespace ControlPlane.Tests.Generation;

/// <summary>The labels in planted_fraud are true of the rows written, judged by the seed's rule (interface.md) in SQL.</summary>
public sealed class PlantedFraudTests
{
    private const int Days = 10;

    [Fact]
    public async Task EveryPlantedSaleIsInItsTableAndMeetsTheRule()
    {
        await using var db = await MySqlTestDatabase.CreateAsync("gen_fraud");
        var summary = await Generator().GenerateAsync(db.ConnectionString, Request(20_000, days: Days, fraudRate: 0.01, badRate: 0.002), null, CancellationToken.None);

        // The requested rate: 1% of 20000 rows, in cases of 3–4 sales (the last case may overshoot by up to 3).
        var planted = await CountAsync(db, "SELECT COUNT(*) FROM planted_fraud");
        Assert.InRange(planted, 200, 203);
        Assert.Equal(summary.PlantedFraudRows, planted);
        Assert.Equal(0, summary.UnplacedFraudCases);

        foreach (var name in new[] { "platform_sales", "shop_orders" })
        {
            var source = Source(name);
            Assert.True(await CountAsync(db, $"SELECT COUNT(*) FROM planted_fraud WHERE source = '{name}'") >= 3, $"{name} has planted fraud");
            await AssertLabelsMatchRowsAsync(db, source);
            await AssertCasesRepeatOneCardAndAmountAsync(db, source);
            await AssertAmountsExceedTwiceTheWeeklyAovAsync(db, source);
        }
    }

    private static async Task AssertLabelsMatchRowsAsync(MySqlTestDatabase db, SourceDefinition s)
    {
        var c = s.Columns;
        var mismatches = await QueryAsync(db, $"""
            SELECT p.source_key FROM planted_fraud p
            LEFT JOIN {s.Table} t ON t.{c.Id} = CAST(p.source_key AS UNSIGNED)
            WHERE p.source = '{s.Name}' AND NOT (t.{c.Id} IS NOT NULL AND t.{c.AmountSale} = p.amount AND t.{c.StoreId} = p.store_id
              AND t.{c.SoldAt} = p.sold_at AND RIGHT(t.{c.CardNumber}, 4) = p.card_last4)
            """);
        Assert.Empty(mismatches);
    }

    private static async Task AssertCasesRepeatOneCardAndAmountAsync(MySqlTestDatabase db, SourceDefinition s)
    {
        var c = s.Columns;
        // A case: ≥ 3 sales, one card, one amount, one store, all within 7 days, on days with 7 days of history before them.
        var cases = await QueryAsync(db, $"""
            SELECT p.fraud_case, COUNT(*), COUNT(DISTINCT t.{c.CardNumber}), COUNT(DISTINCT t.{c.AmountSale}), COUNT(DISTINCT t.{c.StoreId}),
                   TIMESTAMPDIFF(SECOND, MIN(t.{c.SoldAt}), MAX(t.{c.SoldAt})), MIN(DATE(t.{c.SoldAt})) >= '{End.AddDays(1 - Days).AddDays(7):yyyy-MM-dd}'
            FROM planted_fraud p JOIN {s.Table} t ON t.{c.Id} = CAST(p.source_key AS UNSIGNED)
            WHERE p.source = '{s.Name}' GROUP BY p.fraud_case
            """);
        Assert.NotEmpty(cases);
        foreach (var row in cases)
        {
            Assert.True(Convert.ToInt64(row[1]) >= 3, $"case {row[0]} has {row[1]} sales");
            Assert.Equal(1L, Convert.ToInt64(row[2]));
            Assert.Equal(1L, Convert.ToInt64(row[3]));
            Assert.Equal(1L, Convert.ToInt64(row[4]));
            Assert.True(Convert.ToInt64(row[5]) < 7 * 24 * 3600, $"case {row[0]} spans {row[5]} s");
            Assert.Equal(1L, Convert.ToInt64(row[6]));
        }

        // Rule condition 2 at the third and later sale: the card paid that amount ≥ 3 times in the 7 days up to it.
        var flaggable = await QueryAsync(db, $"""
            SELECT p.source_key, (SELECT COUNT(*) FROM {s.Table} u WHERE u.{c.CardNumber} = t.{c.CardNumber} AND u.{c.AmountSale} = t.{c.AmountSale}
                                  AND u.{c.SoldAt} BETWEEN t.{c.SoldAt} - INTERVAL 7 DAY AND t.{c.SoldAt})
            FROM planted_fraud p JOIN {s.Table} t ON t.{c.Id} = CAST(p.source_key AS UNSIGNED)
            WHERE p.source = '{s.Name}' AND p.repeat_index >= 3
            """);
        Assert.NotEmpty(flaggable);
        Assert.All(flaggable, row => Assert.True(Convert.ToInt64(row[1]) >= 3, $"sale {row[0]}: {row[1]} payments"));
    }

    private static async Task AssertAmountsExceedTwiceTheWeeklyAovAsync(MySqlTestDatabase db, SourceDefinition s)
    {
        var c = s.Columns;
        // Rule condition 1: weekly AOV of day D−1 = sum of daily totals over D−7..D−1 / sum of daily distinct cards,
        // over the rows that reach the index (bad rows go to the dead letter).
        var rows = await QueryAsync(db, $"""
            SELECT p.source_key, p.amount, SUM(d.total) / SUM(d.cards), COUNT(d.day)
            FROM planted_fraud p
            LEFT JOIN (
              SELECT t.{c.StoreId} AS store_id, DATE(t.{c.SoldAt}) AS day, SUM(t.{c.AmountSale}) AS total, COUNT(DISTINCT t.{c.CardNumber}) AS cards
              FROM {s.Table} t
              WHERE NOT EXISTS (SELECT 1 FROM planted_bad_rows b WHERE b.source = '{s.Name}' AND CAST(b.source_key AS UNSIGNED) = t.{c.Id})
              GROUP BY t.{c.StoreId}, DATE(t.{c.SoldAt})
            ) d ON d.store_id = p.store_id AND d.day BETWEEN DATE(p.sold_at) - INTERVAL 7 DAY AND DATE(p.sold_at) - INTERVAL 1 DAY
            WHERE p.source = '{s.Name}'
            GROUP BY p.source_key, p.amount
            """);
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            Assert.NotNull(row[2]);
            var amount = Convert.ToDecimal(row[1]);
            var weeklyAov = Convert.ToDecimal(row[2]);
            Assert.True(amount > 2 * weeklyAov, $"{s.Name} sale {row[0]}: amount {amount} is not above 2 × weekly AOV {weeklyAov}");
        }
    }
}
