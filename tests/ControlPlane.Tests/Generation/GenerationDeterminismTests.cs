using ControlPlane.Tests.TestSupport;
using static ControlPlane.Tests.Generation.GenerationFixture;

namespace ControlPlane.Tests.Generation;

public sealed class GenerationDeterminismTests
{
    [Fact]
    public async Task TheSameSeedWritesTheSameRowsWhateverThePathOrConnectionsAndAnotherSeedDoesNot()
    {
        await using var bulk = await MySqlTestDatabase.CreateAsync("gen_a");
        await using var inserts = await MySqlTestDatabase.CreateAsync("gen_b");
        await using var otherSeed = await MySqlTestDatabase.CreateAsync("gen_c");
        var request = Request(6_000, fraudRate: 0.01, badRate: 0.01);

        var first = await Generator().GenerateAsync(bulk.ConnectionString, request, null, CancellationToken.None);
        request.Connections = 1;
        var second = await Generator().GenerateAsync(WithoutLocalInfile(inserts.ConnectionString), request, null, CancellationToken.None);
        request.Seed = 8;
        await Generator().GenerateAsync(otherSeed.ConnectionString, request, null, CancellationToken.None);

        Assert.Equal(ControlPlane.Generation.WritePath.BulkLoad, first.WritePath);
        Assert.Equal(ControlPlane.Generation.WritePath.MultiRowInsert, second.WritePath);
        var a = await DumpAsync(bulk);
        Assert.Equal(6_000, a.Count(line => !line.StartsWith("label", StringComparison.Ordinal)));
        Assert.Contains(a, line => line.StartsWith("label fraud", StringComparison.Ordinal));
        Assert.Contains(a, line => line.StartsWith("label bad", StringComparison.Ordinal));
        Assert.Equal(a, await DumpAsync(inserts));
        var c = await DumpAsync(otherSeed);
        Assert.NotEqual(a.Where(l => l.StartsWith("platform_sales", StringComparison.Ordinal)), c.Where(l => l.StartsWith("platform_sales", StringComparison.Ordinal)));
        Assert.NotEqual(a.Where(l => l.StartsWith("orders", StringComparison.Ordinal)), c.Where(l => l.StartsWith("orders", StringComparison.Ordinal)));
    }

    /// <summary>Every column but updated_at (insertion time) of both source tables and both label tables, in key order.</summary>
    private static async Task<List<string>> DumpAsync(MySqlTestDatabase db)
    {
        var lines = new List<string>();
        foreach (var (name, sql) in new[]
        {
            ("platform_sales", "SELECT id, platform, store_id, card_number, amount_sale, sold_at, deleted_at FROM platform_sales ORDER BY id"),
            ("orders", "SELECT order_no, shop_code, card_no, total_amount, ordered_at, cancelled_at FROM orders ORDER BY order_no"),
            ("label fraud", "SELECT source, source_key, fraud_case, repeat_index, store_id, amount, sold_at, card_last4 FROM planted_fraud ORDER BY source, source_key"),
            ("label bad", "SELECT source, source_key, store_id, sold_at, reason FROM planted_bad_rows ORDER BY source, source_key"),
        })
        {
            foreach (var row in await QueryAsync(db, sql))
                lines.Add(name + ": " + string.Join(" | ", row.Select(v => v switch { null => "NULL", DateTime t => t.ToString("O"), _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) })));
        }
        return lines;
    }
}
