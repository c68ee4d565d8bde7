using System.Text;
using MySqlConnector;

namespace ControlPlane.Generation;

/// <summary>INSERT statements of 1000 literal rows each: the path when LOAD DATA LOCAL is not allowed.</summary>
internal sealed class MultiRowInsertWriter : ISaleRowWriter
{
    public const int RowsPerStatement = 1000;

    public WritePath Path => WritePath.MultiRowInsert;

    public async Task WriteAsync(MySqlConnection connection, MySqlTransaction transaction, SaleRowFormatter formatter, SaleRow[] rows, long firstId, Action<int> written, CancellationToken ct)
    {
        var head = $"INSERT INTO {SqlText.Identifier(formatter.Table)} ({formatter.ColumnList}) VALUES ";
        var sql = new StringBuilder(head.Length + RowsPerStatement * 96);
        for (var start = 0; start < rows.Length; start += RowsPerStatement)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(RowsPerStatement, rows.Length - start);
            sql.Clear().Append(head);
            for (var i = start; i < start + count; i++)
            {
                if (i > start) sql.Append(',');
                formatter.AppendSqlTuple(sql, rows[i], firstId + i);
            }
            var inserted = await GenerationSession.ExecuteAsync(connection, sql.ToString(), ct, transaction).ConfigureAwait(false);
            if (inserted != count)
                throw new InvalidOperationException($"INSERT into {formatter.Table} wrote {inserted} of {count} rows (keys {firstId + start}–{firstId + start + count - 1})");
            written(count);
        }
    }
}
