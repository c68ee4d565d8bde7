using System.Text;
using ControlPlane.Generation;
using ControlPlane.Tests.TestSupport;
using MySqlConnector;

namespace ControlPlane.Tests.Generation;

public sealed class SqlTextTests
{
    private const string Awkward = "O'Brien \"quoted\" back\\slash tab\t new\nline cr\r nul\0 ctrl-z\u001a 한글";

    [Fact]
    public async Task StringLiteralsAndLoadDataFieldsRoundTripEveryAwkwardCharacter()
    {
        await using var db = await MySqlTestDatabase.CreateAsync("gen_sql");
        await db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200)) CHARACTER SET utf8mb4");
        var insert = new StringBuilder("INSERT INTO t VALUES (1,");
        SqlText.AppendStringLiteral(insert, Awkward);
        await db.ExecuteAsync(insert.Append(')').ToString());

        var line = new StringBuilder("2\t");
        SqlText.AppendTsvField(line, Awkward);
        // Fed from a stream as BulkLoadWriter feeds it.
        using (var tsv = new MemoryStream(new UTF8Encoding(false).GetBytes(line.Append('\n').ToString())))
        {
            await using var connection = await db.OpenAsync();
            var loader = new MySqlBulkLoader(connection) { TableName = "t", SourceStream = tsv, Local = true, CharacterSet = "utf8mb4", FieldTerminator = "\t", LineTerminator = "\n", EscapeCharacter = '\\' };
            Assert.Equal(1, await loader.LoadAsync());
        }

        await using var read = await db.OpenAsync();
        await using var command = new MySqlCommand("SELECT v FROM t ORDER BY id", read);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(Awkward, reader.GetString(0));
        Assert.True(await reader.ReadAsync());
        Assert.Equal(Awkward, reader.GetString(0));
    }
}
