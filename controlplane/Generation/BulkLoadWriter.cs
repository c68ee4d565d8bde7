using System.Text;
using MySqlConnector;

namespace ControlPlane.Generation;

/// <summary>
/// LOAD DATA LOCAL INFILE through MySqlConnector's MySqlBulkLoader, the driver's fastest path, fed from a stream: each
/// partition's rows are formatted as TSV in memory and sent as the "file", so raw card numbers never touch a disk.
/// </summary>
internal sealed class BulkLoadWriter : ISaleRowWriter
{
    public WritePath Path => WritePath.BulkLoad;

    public async Task WriteAsync(MySqlConnection connection, MySqlTransaction transaction, SaleRowFormatter formatter, SaleRow[] rows, long firstId, Action<int> written, CancellationToken ct)
    {
        using var tsv = new MemoryStream(rows.Length * 96);
        WriteTsv(tsv, formatter, rows, firstId);
        tsv.Position = 0;
        var loader = new MySqlBulkLoader(connection)
        {
            TableName = SqlText.Identifier(formatter.Table),
            SourceStream = tsv,
            Local = true,
            CharacterSet = "utf8mb4",
            FieldTerminator = "\t",
            LineTerminator = "\n",
            EscapeCharacter = '\\',
            Timeout = 600,
        };
        loader.Columns.AddRange(formatter.Columns.Select(SqlText.Identifier));
        var loaded = await loader.LoadAsync(ct).ConfigureAwait(false);
        // LOAD DATA LOCAL turns errors on single rows into skipped rows; a short count is the only sign.
        if (loaded != rows.Length)
            throw new InvalidOperationException($"LOAD DATA into {formatter.Table} loaded {loaded} of {rows.Length} rows (keys {firstId}–{firstId + rows.Length - 1})");
        written(rows.Length);
    }

    private static void WriteTsv(Stream tsv, SaleRowFormatter formatter, SaleRow[] rows, long firstId)
    {
        using var writer = new StreamWriter(tsv, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        var text = new StringBuilder(1 << 17);
        for (var i = 0; i < rows.Length; i++)
        {
            formatter.AppendTsvLine(text, rows[i], firstId + i);
            if (text.Length < 1 << 16 && i < rows.Length - 1) continue;
            writer.Write(text);
            text.Clear();
        }
    }
}
