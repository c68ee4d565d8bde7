using ControlPlane.Generation;
using System.Globalization;
using ControlPlane.Loading;
using ControlPlane.Sources;
using MySqlConnector;

namespace ControlPlane.Bench;

/// <summary>
/// The database bench owns on the MySQL server: created when missing and marked with a table of its own. Bench drops
/// and refills its source table there, so it refuses a database that holds tables without that mark (a real source
/// database named by mistake is never touched).
/// </summary>
public static class BenchDatabase
{
    public const string MarkerTable = "controlplane_bench_marker";

    /// <summary>Creates and marks the database; returns the connection string to it.</summary>
    public static async Task<string> PrepareAsync(string serverConnection, string database, CancellationToken ct)
    {
        MySqlConnectionStringBuilder server;
        try
        {
            server = new MySqlConnectionStringBuilder(serverConnection);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new ArgumentException($"the MySQL connection string (MYSQL_CONNECTION or --mysql) is not valid: {ex.Message}", ex);
        }
        var target = new MySqlConnectionStringBuilder(server.ConnectionString) { Database = database };
        server.Database = "";
        await using (var connection = await ChangeReader.OpenAsync(server.ConnectionString, ct).ConfigureAwait(false))
            await ExecuteAsync(connection, $"CREATE DATABASE IF NOT EXISTS `{database}` CHARACTER SET utf8mb4", ct).ConfigureAwait(false);

        await using var bench = await ChangeReader.OpenAsync(target.ConnectionString, ct).ConfigureAwait(false);
        var tables = await TablesAsync(bench, ct).ConfigureAwait(false);
        if (!tables.Contains(MarkerTable))
        {
            if (tables.Count > 0)
                throw new InvalidOperationException(
                    $"database `{database}` on {ChangeReader.Describe(target.ConnectionString)} holds tables bench did not create ({string.Join(", ", tables.Order(StringComparer.Ordinal).Take(5))}); " +
                    "bench drops and refills its source table, so it only uses an empty database or one it created: pass another --database");
            await ExecuteAsync(bench, $"CREATE TABLE `{MarkerTable}` (note VARCHAR(200) NOT NULL) CHARACTER SET utf8mb4", ct).ConfigureAwait(false);
            await ExecuteAsync(bench, $"INSERT INTO `{MarkerTable}` VALUES ('created by controlplane bench: its tables are dropped and refilled by every run')", ct).ConfigureAwait(false);
        }
        return target.ConnectionString;
    }

    /// <summary>Rows in the source's table, 0 when the table does not exist yet.</summary>
    public static async Task<long> CountRowsAsync(MySqlConnection connection, SourceDefinition source, CancellationToken ct)
    {
        if (!(await TablesAsync(connection, ct).ConfigureAwait(false)).Contains(source.Table)) return 0;
        await using var command = new MySqlCommand($"SELECT COUNT(*) FROM `{source.Table}`", connection) { CommandTimeout = 600 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>Drops the source table and the generator's label tables, so the next generation starts from key 1.</summary>
    public static async Task ClearAsync(MySqlConnection connection, SourceDefinition source, CancellationToken ct)
    {
        foreach (var table in new[] { source.Table, LabelTables.PlantedFraud, LabelTables.PlantedBadRows })
            await ExecuteAsync(connection, $"DROP TABLE IF EXISTS `{table}`", ct).ConfigureAwait(false);
    }

    private static async Task<HashSet<string>> TablesAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var command = new MySqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var tables = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) tables.Add(reader.GetString(0));
        return tables;
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
