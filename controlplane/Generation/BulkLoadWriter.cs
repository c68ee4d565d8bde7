using System.Text;
using MySql.Data.MySqlClient;

namespace ControlPlane.Generation;

/// <summary>
/// LOAD DATA LOCAL INFILE through MySqlBulkLoader, the driver's fastest path. MySql.Data 8.0.16 loads only from a
/// file, so each partition goes through a file readable by this user alone, in /dev/shm (memory) when there is one,
/// deleted as soon as it is loaded: raw card numbers stay out of durable storage other than MySQL.
/// </summary>
internal sealed class BulkLoadWriter : ISaleRowWriter
{
    public WritePath Path => WritePath.BulkLoad;

    public async Task WriteAsync(MySqlConnection connection, MySqlTransaction transaction, SaleRowFormatter formatter, SaleRow[] rows, long firstId, Action<int> written, CancellationToken ct)
    {
        var file = System.IO.Path.Combine(ScratchDirectory(), $"controlplane-generate-{Guid.NewGuid():N}.tsv");
        try
        {
            await WriteFileAsync(file, formatter, rows, firstId, ct).ConfigureAwait(false);
            var loader = new MySqlBulkLoader(connection)
            {
                TableName = SqlText.Identifier(formatter.Table),
                FileName = file,
                Local = true,
                CharacterSet = "utf8mb4",
                FieldTerminator = "\t",
                LineTerminator = "\n",
                EscapeCharacter = '\\',
                Timeout = 600,
            };
            loader.Columns.AddRange(formatter.Columns.Select(SqlText.Identifier).ToArray());
            var loaded = await loader.LoadAsync(ct).ConfigureAwait(false);
            // LOAD DATA LOCAL turns errors on single rows into skipped rows; a short count is the only sign.
            if (loaded != rows.Length)
                throw new InvalidOperationException($"LOAD DATA into {formatter.Table} loaded {loaded} of {rows.Length} rows (keys {firstId}–{firstId + rows.Length - 1})");
            written(rows.Length);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task WriteFileAsync(string file, SaleRowFormatter formatter, SaleRow[] rows, long firstId, CancellationToken ct)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var writer = new StreamWriter(file, new UTF8Encoding(false), options);
        var text = new StringBuilder(1 << 17);
        for (var i = 0; i < rows.Length; i++)
        {
            formatter.AppendTsvLine(text, rows[i], firstId + i);
            if (text.Length < 1 << 16 && i < rows.Length - 1) continue;
            await writer.WriteAsync(text, ct).ConfigureAwait(false);
            text.Clear();
        }
    }

    private static string ScratchDirectory() =>
        Directory.Exists("/dev/shm") && !OperatingSystem.IsWindows() ? "/dev/shm" : System.IO.Path.GetTempPath();
}
