using System.Globalization;
using System.Runtime.CompilerServices;
using ControlPlane.Sources;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace ControlPlane.Loading;

/// <summary>
/// Stage 1: streams a source's changed rows in (updated_at, id) order, one bounded page at a time.
/// Each page is its own keyset query, so the whole result is never held and no cursor stays open between pages.
/// </summary>
public sealed class ChangeReader(IOptions<LoaderOptions> options)
{
    private readonly int _timeout = options.Value.Clamped().MySqlCommandTimeoutSeconds;

    /// <summary>
    /// Opens a connection, in <paramref name="sessionTimeZone"/> when given (<see cref="LoaderOptions.MySqlSessionTimeZone"/>);
    /// an error names the server and database, never the password.
    /// </summary>
    public static async Task<MySqlConnection> OpenAsync(string connectionString, CancellationToken ct, string? sessionTimeZone = null)
    {
        MySqlConnection connection;
        try
        {
            connection = new MySqlConnection(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"the MySQL connection string (MYSQL_CONNECTION) is not valid: {ex.Message}", ex);
        }
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
        }
        catch (MySqlException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"cannot connect to MySQL at {Describe(connectionString)} (MYSQL_CONNECTION): {ex.Message}", ex);
        }
        if (sessionTimeZone is null) return connection;
        try
        {
            await using var command = new MySqlCommand("SET time_zone = @zone", connection);
            command.Parameters.AddWithValue("@zone", sessionTimeZone);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch (MySqlException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"Loader:MySqlSessionTimeZone '{sessionTimeZone}' is refused by MySQL at {Describe(connectionString)} (named zones need the server's time zone tables, mariadb-tzinfo-to-sql): {ex.Message}", ex);
        }
    }

    /// <summary>The database's own clock and what the source's updated_at values mean (<see cref="UpdatedAtClock"/>).</summary>
    public static Task<UpdatedAtClock> ReadClockAsync(MySqlConnection connection, SourceDefinition source, CancellationToken ct) =>
        UpdatedAtClock.ReadAsync(connection, source, ct);

    /// <summary>Pages of at most <c>change_capture.page_rows</c> rows inside <paramref name="window"/>, numbered from 0.</summary>
    public async IAsyncEnumerable<ChangePage> ReadAsync(MySqlConnection connection, SourceDefinition source, ChangeWindow window, [EnumeratorCancellation] CancellationToken ct)
    {
        var query = SourceQuery.For(source, window.SoldFrom is not null, window.Clock.FromDatabase);
        var pageRows = source.ChangeCapture.PageRows;
        var after = window.After;
        for (long sequence = 0; ; sequence++)
        {
            var rows = await ReadPageAsync(connection, source, query, window, after, pageRows, ct).ConfigureAwait(false);
            if (rows.Count == 0) yield break;
            var page = new ChangePage(sequence, rows);
            after = page.LastKey;
            yield return page;
            if (rows.Count < pageRows) yield break;
        }
    }

    private async Task<List<SourceRow>> ReadPageAsync(MySqlConnection connection, SourceDefinition source, SourceQuery query, ChangeWindow window, ChangeKey after, int pageRows, CancellationToken ct)
    {
        await using var command = new MySqlCommand(query.Sql, connection) { CommandTimeout = _timeout };
        // DATETIME parameters go as DateTime: MySqlConnector sends all six fractional digits, and no zone is applied.
        command.Parameters.AddWithValue("@wu", after.UpdatedAt);
        command.Parameters.AddWithValue("@wid", after.Id);
        command.Parameters.AddWithValue("@upper", window.UpperUpdatedAt);
        command.Parameters.AddWithValue("@n", pageRows);
        if (window.SoldFrom is { } from && window.SoldTo is { } to)
        {
            command.Parameters.AddWithValue("@soldFrom", from);
            command.Parameters.AddWithValue("@soldTo", to);
        }
        var clock = window.Clock;
        var rows = new List<SourceRow>(pageRows);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var updatedAt = reader.GetDateTime(SourceQuery.UpdatedAt);
                long? micros = query.HasUpdatedAtMicros && !reader.IsDBNull(query.UpdatedAtMicros) ? reader.GetInt64(query.UpdatedAtMicros) : null;
                rows.Add(new SourceRow
                {
                    Id = ReadId(reader, source),
                    UpdatedAt = updatedAt,
                    UpdatedAtInstant = clock.ToInstant(updatedAt, micros),
                    StoreId = reader.IsDBNull(SourceQuery.StoreId) ? null : Convert.ToString(reader.GetValue(SourceQuery.StoreId), CultureInfo.InvariantCulture),
                    CardNumber = reader.IsDBNull(SourceQuery.CardNumber) ? null : Convert.ToString(reader.GetValue(SourceQuery.CardNumber), CultureInfo.InvariantCulture),
                    AmountSale = reader.IsDBNull(SourceQuery.AmountSale) ? null : reader.GetDecimal(SourceQuery.AmountSale),
                    SoldAt = reader.IsDBNull(SourceQuery.SoldAt) ? null : reader.GetDateTime(SourceQuery.SoldAt),
                    Platform = query.HasPlatform && !reader.IsDBNull(SourceQuery.Platform) ? reader.GetString(SourceQuery.Platform) : null,
                    DeletedAt = query.HasDeletedAt && !reader.IsDBNull(query.DeletedAt) ? reader.GetDateTime(query.DeletedAt) : null,
                });
            }
        }
        catch (MySqlException ex)
        {
            throw new InvalidOperationException($"reading table `{source.Table}` of source {source.Name} ({source.File}) failed: {ex.Message}", ex);
        }
        return rows;
    }

    private static long ReadId(System.Data.Common.DbDataReader reader, SourceDefinition source)
    {
        var value = reader.GetValue(SourceQuery.Id);
        return value switch
        {
            long l => l,
            int or short or sbyte or byte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            ulong u when u <= long.MaxValue => (long)u,
            _ => throw new InvalidOperationException($"{source.File}: key column '{source.Columns.Id}' of table `{source.Table}` must be an integer column (found {value.GetType().Name})"),
        };
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
            return "(unreadable connection string)";
        }
    }
}
