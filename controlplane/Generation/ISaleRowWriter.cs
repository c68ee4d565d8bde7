using MySqlConnector;

namespace ControlPlane.Generation;

/// <summary>Writes one partition's rows into its source table; the two implementations are the driver's two paths.</summary>
internal interface ISaleRowWriter
{
    WritePath Path { get; }

    /// <summary>Writes rows[i] with key firstId + i, inside <paramref name="transaction"/>; reports rows as they are sent.</summary>
    Task WriteAsync(MySqlConnection connection, MySqlTransaction transaction, SaleRowFormatter formatter, SaleRow[] rows, long firstId, Action<int> written, CancellationToken ct);
}
