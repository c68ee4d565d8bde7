namespace ControlPlane.Tests.TestSupport;

public sealed class MySqlTestDatabaseTests
{
    [Fact]
    public async Task EachTestGetsItsOwnDatabaseThatAcceptsTheSourceTable()
    {
        await using var db = await MySqlTestDatabase.CreateAsync("probe");
        await db.ExecuteAsync("CREATE TABLE IF NOT EXISTS t (id BIGINT PRIMARY KEY)");
        await db.ExecuteAsync("CREATE TABLE IF NOT EXISTS t (id BIGINT PRIMARY KEY)"); // the note this raises must not break the driver
        Assert.Equal(1, await db.ExecuteAsync("INSERT INTO t VALUES (@id)", ("@id", 1)));
    }
}
