using System.Globalization;
using ControlPlane.Loading;
using ControlPlane.Sources;
using MySqlConnector;

namespace ControlPlane.Bench;

/// <summary>
/// The read the loader is measured against: the source table through the same driver (MySqlConnector), with the loader's
/// own keyset query (<see cref="SourceQuery"/>, same parameters) and page size, every column read with the getter
/// <see cref="ChangeReader"/> uses — and nothing else: no row objects, no mapping, no fraud check, no HTTP.
/// </summary>
public sealed class RawKeysetReader(int commandTimeoutSeconds)
{
    /// <summary>Reads every row up to updated_at <paramref name="upper"/>; <paramref name="progress"/> sees the running total after each page.</summary>
    public async Task<long> ReadAsync(MySqlConnection connection, SourceDefinition source, DateTime upper, Action<long> progress, CancellationToken ct)
    {
        var query = SourceQuery.For(source, soldAtRange: false);
        var pageRows = source.ChangeCapture.PageRows;
        var after = ChangeKey.Start;
        long total = 0;
        while (true)
        {
            await using var command = new MySqlCommand(query.Sql, connection) { CommandTimeout = commandTimeoutSeconds };
            command.Parameters.AddWithValue("@wu", after.UpdatedAt);
            command.Parameters.AddWithValue("@wid", after.Id);
            command.Parameters.AddWithValue("@upper", upper);
            command.Parameters.AddWithValue("@n", pageRows);
            var rows = 0;
            try
            {
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var id = Convert.ToInt64(reader.GetValue(SourceQuery.Id), CultureInfo.InvariantCulture);
                    var updatedAt = reader.GetDateTime(SourceQuery.UpdatedAt);
                    // The same getters as ChangeReader, values dropped: driver calls are never optimized away.
                    _ = reader.IsDBNull(SourceQuery.StoreId) ? null : Convert.ToString(reader.GetValue(SourceQuery.StoreId), CultureInfo.InvariantCulture);
                    _ = reader.IsDBNull(SourceQuery.CardNumber) ? null : Convert.ToString(reader.GetValue(SourceQuery.CardNumber), CultureInfo.InvariantCulture);
                    _ = reader.IsDBNull(SourceQuery.AmountSale) ? (decimal?)null : reader.GetDecimal(SourceQuery.AmountSale);
                    _ = reader.IsDBNull(SourceQuery.SoldAt) ? (DateTime?)null : reader.GetDateTime(SourceQuery.SoldAt);
                    _ = query.HasPlatform && !reader.IsDBNull(SourceQuery.Platform) ? reader.GetString(SourceQuery.Platform) : null;
                    _ = query.HasDeletedAt && !reader.IsDBNull(query.DeletedAt) ? reader.GetDateTime(query.DeletedAt) : (DateTime?)null;
                    _ = query.HasUpdatedAtMicros && !reader.IsDBNull(query.UpdatedAtMicros) ? reader.GetInt64(query.UpdatedAtMicros) : (long?)null;
                    after = new ChangeKey(updatedAt, id);
                    rows++;
                }
            }
            catch (MySqlException ex)
            {
                throw new InvalidOperationException($"reading table `{source.Table}` of source {source.Name} failed: {ex.Message}", ex);
            }
            total += rows;
            progress(total);
            if (rows < pageRows) return total;
        }
    }
}
