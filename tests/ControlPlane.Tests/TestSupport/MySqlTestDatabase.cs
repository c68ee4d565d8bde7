using System.Diagnostics;
using MySqlConnector;

namespace ControlPlane.Tests.TestSupport;

/// <summary>
/// A fresh database on the private MariaDB of tests/mariadb.sh, dropped on dispose. The server comes from
/// MYSQL_TEST_CONNECTION, or is started by running tests/mariadb.sh when that is unset: MySQL tests never skip.
/// </summary>
public sealed class MySqlTestDatabase : IAsyncDisposable
{
    private static readonly Lazy<string> ServerConnection = new(FindOrStartServer);

    private MySqlTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    /// <summary>Connection string to this test's own database.</summary>
    public string ConnectionString { get; }

    public static async Task<MySqlTestDatabase> CreateAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)];
        var builder = new MySqlConnectionStringBuilder(ServerConnection.Value) { Database = "" };
        await using (var connection = await OpenAsync(builder.ConnectionString))
        await using (var command = new MySqlCommand($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4", connection))
            await command.ExecuteNonQueryAsync();
        builder.Database = name;
        return new MySqlTestDatabase(name, builder.ConnectionString);
    }

    /// <summary>
    /// Opens a connection; with <paramref name="sessionTimeZone"/> its session runs in that zone (<c>SET time_zone</c>, the
    /// session variable only: the server is shared, so never SET GLOBAL). Named zones need the tables tests/mariadb.sh loads.
    /// </summary>
    public static async Task<MySqlConnection> OpenAsync(string connectionString, string? sessionTimeZone = null)
    {
        var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        if (sessionTimeZone is not null)
        {
            await using var zone = new MySqlCommand("SET time_zone = @zone", connection);
            zone.Parameters.AddWithValue("@zone", sessionTimeZone);
            await zone.ExecuteNonQueryAsync();
        }
        return connection;
    }

    public Task<MySqlConnection> OpenAsync() => OpenAsync(ConnectionString);

    /// <summary>A connection to this database whose session runs in <paramref name="sessionTimeZone"/>.</summary>
    public Task<MySqlConnection> OpenInZoneAsync(string sessionTimeZone) => OpenAsync(ConnectionString, sessionTimeZone);

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        foreach (var (n, v) in parameters) command.Parameters.AddWithValue(n, v ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        var builder = new MySqlConnectionStringBuilder(ConnectionString) { Database = "" };
        await using var connection = await OpenAsync(builder.ConnectionString);
        await using var command = new MySqlCommand($"DROP DATABASE `{Name}`", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string FindOrStartServer()
    {
        if (Environment.GetEnvironmentVariable("MYSQL_TEST_CONNECTION") is { Length: > 0 } fromEnv) return fromEnv;
        var start = new ProcessStartInfo("bash", ["tests/mariadb.sh"]) { WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"tests/mariadb.sh failed ({process.ExitCode}): {error}");
        return output;
    }
}
