using System.Data.Common;
using ControlPlane.Configuration;
using ControlPlane.Loading;
using ControlPlane.Sources;

namespace ControlPlane.Doctor;

/// <summary>
/// MySQL reachable, then per source: its definition reads, its table has every column the definition maps with a type the
/// loader can read, and the keyset index on (updated_at, id) exists (without it every page is a scan: a warning with the
/// CREATE INDEX to run). Plain ADO.NET (<see cref="DbConnection"/>) and INFORMATION_SCHEMA, so any driver does; the text
/// columns are converted to utf8mb4 because MySql.Data cannot read MariaDB's utf8mb3 metadata.
/// </summary>
public static class MySqlSourcesCheck
{
    private static readonly string[] Integers = ["tinyint", "smallint", "mediumint", "int", "bigint"];
    private static readonly string[] Texts = ["char", "varchar", "tinytext", "text", "mediumtext", "longtext"];
    private static readonly string[] Instants = ["datetime", "timestamp"];
    private static readonly string[] Decimals = ["decimal"];

    public static async Task<IReadOnlyList<DoctorLine>> RunAsync(DoctorContext context, CancellationToken ct)
    {
        const string name = "mysql";
        var definitions = SourceCatalog.LoadEach(context.Root);
        if (Settings.GetSecret(context.Config, "MYSQL_CONNECTION") is not { } connectionString)
            return [DoctorLine.Skip(name, "MYSQL_CONNECTION is not set"), .. definitions.Select(d => DoctorLine.Skip($"source {d.Source?.Name ?? d.File}", "MYSQL_CONNECTION is not set"))];

        DbConnection connection;
        try
        {
            connection = await ChangeReader.OpenAsync(connectionString, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            return [DoctorLine.Fail(name, $"cannot connect: {ex.Message}", "start MySQL (docker compose up -d --wait) or fix MYSQL_CONNECTION (server, port, user, password, database)"),
                .. definitions.Select(d => DoctorLine.Skip($"source {d.Source?.Name ?? d.File}", "MySQL is not reachable"))];
        }
        await using (connection.ConfigureAwait(false))
        {
            var lines = new List<DoctorLine> { DoctorLine.Ok(name, $"connected to database {connection.Database} (server {connection.ServerVersion})") };
            foreach (var (file, source, error) in definitions)
            {
                if (source is null)
                {
                    lines.Add(DoctorLine.Fail($"source {Path.GetFileNameWithoutExtension(file)}", $"its definition cannot be read: {error}", $"fix {file} (validate lists every problem); load skips this source until then"));
                    continue;
                }
                lines.AddRange(await CheckSourceAsync(connection, source, ct).ConfigureAwait(false));
            }
            return lines;
        }
    }

    private static async Task<IReadOnlyList<DoctorLine>> CheckSourceAsync(DbConnection connection, SourceDefinition source, CancellationToken ct)
    {
        var name = $"source {source.Name}";
        var columns = await ReadAsync(connection, "SELECT CONVERT(COLUMN_NAME USING utf8mb4), CONVERT(DATA_TYPE USING utf8mb4) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @table", source.Table, ct).ConfigureAwait(false);
        if (columns.Count == 0)
            return [DoctorLine.Fail(name, $"table {source.Table} does not exist in database {connection.Database}", $"create it (the ddl in {source.File}; generate creates it too) or fix 'table' in {source.File}")];
        var types = columns.ToDictionary(c => c.First, c => c.Second.ToLowerInvariant(), StringComparer.OrdinalIgnoreCase);

        var c = source.Columns;
        var expected = new List<(string Role, string? Column, string[] Types)>
        {
            ("id", c.Id, Integers), ("platform", c.Platform, Texts), ("store_id", c.StoreId, Texts), ("card_number", c.CardNumber, Texts),
            ("amount_sale", c.AmountSale, Decimals), ("sold_at", c.SoldAt, Instants), ("updated_at", c.UpdatedAt, Instants), ("deleted_at", c.DeletedAt, Instants),
        };
        var problems = new List<string>();
        foreach (var (role, column, allowed) in expected)
        {
            if (column is null) continue;
            if (!types.TryGetValue(column, out var type)) problems.Add($"column {column} ({role}) is missing");
            else if (!allowed.Contains(type)) problems.Add($"column {column} ({role}) is {type.ToUpperInvariant()}, expected {string.Join(" or ", allowed.Select(a => a.ToUpperInvariant()))}");
        }
        var lines = new List<DoctorLine>();
        lines.Add(problems.Count == 0
            ? DoctorLine.Ok(name, $"table {source.Table} has the {expected.Count(e => e.Column is not null)} mapped columns with readable types")
            : DoctorLine.Fail(name, $"table {source.Table}: {string.Join("; ", problems)}", $"fix the table or the columns: mapping in {source.File}"));

        var index = await ReadAsync(connection,
            "SELECT CONVERT(INDEX_NAME USING utf8mb4), CONVERT(GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) USING utf8mb4) FROM INFORMATION_SCHEMA.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @table GROUP BY INDEX_NAME",
            source.Table, ct).ConfigureAwait(false);
        var keyset = $"{c.UpdatedAt},{c.Id}";
        var found = index.FirstOrDefault(i => i.Second.StartsWith(keyset, StringComparison.OrdinalIgnoreCase) && (i.Second.Length == keyset.Length || i.Second[keyset.Length] == ','));
        lines.Add(found.First is not null
            ? DoctorLine.Ok($"{name} keyset index", $"{found.First} on ({c.UpdatedAt}, {c.Id})")
            : DoctorLine.Warn($"{name} keyset index", $"no index on ({c.UpdatedAt}, {c.Id}) in {source.Table}: every page of a load scans the table",
                $"CREATE INDEX ix_{c.UpdatedAt}_{c.Id} ON {source.Table} ({c.UpdatedAt}, {c.Id});"));
        return lines;
    }

    private static async Task<List<(string First, string Second)>> ReadAsync(DbConnection connection, string sql, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@table";
        parameter.Value = table;
        command.Parameters.Add(parameter);
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            rows.Add((Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "",
                Convert.ToString(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        return rows;
    }
}
