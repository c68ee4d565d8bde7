using MySqlConnector;

namespace ControlPlane.Generation;

/// <summary>Opens the generator's MySQL connections; errors name the server and database, never the password.</summary>
internal static class GenerationSession
{
    public static async Task<MySqlConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        MySqlConnection connection;
        try
        {
            connection = new MySqlConnection(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"the MySQL connection string (MYSQL_CONNECTION or --mysql) is not valid: {ex.Message}", ex);
        }
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            // Literal escaping (SqlText) assumes backslash escapes are on.
            await ExecuteAsync(connection, "SET SESSION sql_mode=REPLACE(@@SESSION.sql_mode,'NO_BACKSLASH_ESCAPES','')", ct).ConfigureAwait(false);
            return connection;
        }
        catch (MySqlException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"could not connect to MySQL at {Describe(connectionString)}: {ex.Message}", ex);
        }
    }

    public static async Task<int> ExecuteAsync(MySqlConnection connection, string sql, CancellationToken ct, MySqlTransaction? transaction = null)
    {
        await using var command = new MySqlCommand(sql, connection, transaction) { CommandTimeout = 600 };
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(MySqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 600 };
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>Server, port and database of a connection string, never its password.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var b = new MySqlConnectionStringBuilder(connectionString);
            return $"{b.Server}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "(unparseable connection string)";
        }
    }
}
