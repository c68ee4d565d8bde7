using ControlPlane.Assets;
using ControlPlane.Generation;
using ControlPlane.Sources;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace ControlPlane.Tests.Generation;

/// <summary>The generator pointed at the repository's own source definitions, and small query helpers.</summary>
internal static class GenerationFixture
{
    public static readonly DateOnly End = new(2026, 5, 1);

    public static AssetRoot Assets => new(TestSupport.RepositoryRoot.Path);

    public static SourceDefinition Source(string name) => SourceCatalog.Get(Assets, name);

    public static SalesGenerator Generator() => new(Assets, TimeProvider.System, NullLogger<SalesGenerator>.Instance);

    public static GenerationRequest Request(long rows, int days = 10, double fraudRate = 0, double badRate = 0, int seed = 7, int stores = 30, int connections = 2) => new()
    {
        Rows = rows, Days = days, FraudRate = fraudRate, BadRate = badRate, Seed = seed, Stores = stores, Connections = connections, End = End,
    };

    public static string WithoutLocalInfile(string connectionString) =>
        new MySqlConnectionStringBuilder(connectionString) { AllowLoadLocalInfile = false }.ConnectionString;

    public static async Task<List<object?[]>> QueryAsync(MySqlTestDatabase db, string sql)
    {
        await using var connection = await db.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            rows.Add(values.Select(v => v is DBNull ? null : v).ToArray());
        }
        return rows;
    }

    public static async Task<long> CountAsync(MySqlTestDatabase db, string sql) => Convert.ToInt64((await QueryAsync(db, sql))[0][0]);
}
