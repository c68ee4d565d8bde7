using System.Text;
using System.Text.RegularExpressions;
using ControlPlane.Sources;

namespace ControlPlane.Loading;

/// <summary>
/// The page query of one source, built from its column names: a keyset on (updated_at, id), never OFFSET or COUNT.
/// The key condition is spelled out as <c>u &gt; @wu OR (u = @wu AND id &gt; @wid)</c> so MySQL uses the (updated_at, id) index.
/// </summary>
public sealed partial class SourceQuery
{
    private SourceQuery(string sql, bool hasPlatform, bool hasDeletedAt, bool hasUpdatedAtMicros)
    {
        Sql = sql;
        HasPlatform = hasPlatform;
        HasDeletedAt = hasDeletedAt;
        HasUpdatedAtMicros = hasUpdatedAtMicros;
    }

    public string Sql { get; }
    public bool HasPlatform { get; }
    public bool HasDeletedAt { get; }
    /// <summary>Whether the select list ends with the database's own conversion of updated_at to µs since the epoch.</summary>
    public bool HasUpdatedAtMicros { get; }

    /// <summary>Column ordinals in <see cref="Sql"/>'s select list.</summary>
    public const int Id = 0, UpdatedAt = 1, StoreId = 2, CardNumber = 3, AmountSale = 4, SoldAt = 5, Platform = 6;
    public int DeletedAt => HasPlatform ? 7 : 6;
    public int UpdatedAtMicros => DeletedAt + (HasDeletedAt ? 1 : 0);

    /// <summary>
    /// The page query. With <paramref name="updatedAtFromDatabase"/> the select list also asks the database what each
    /// updated_at means: <c>UNIX_TIMESTAMP</c> reads a DATETIME in the session's zone with that zone's DST rules
    /// (NULL outside its range).
    /// </summary>
    public static SourceQuery For(SourceDefinition source, bool soldAtRange, bool updatedAtFromDatabase = true)
    {
        var c = source.Columns;
        var id = Quote(source, c.Id);
        var updated = Quote(source, c.UpdatedAt);
        var soldAt = Quote(source, c.SoldAt);
        var select = new List<string> { id, updated, Quote(source, c.StoreId), Quote(source, c.CardNumber), Quote(source, c.AmountSale), soldAt };
        if (c.Platform is { } platform) select.Add(Quote(source, platform));
        if (c.DeletedAt is { } deleted) select.Add(Quote(source, deleted));
        if (updatedAtFromDatabase) select.Add($"CAST(UNIX_TIMESTAMP({updated}) * 1000000 AS SIGNED)");

        var sql = new StringBuilder()
            .Append("SELECT ").AppendJoin(", ", select)
            .Append(" FROM ").Append(Quote(source, source.Table))
            .Append(" WHERE (").Append(updated).Append(" > @wu OR (").Append(updated).Append(" = @wu AND ").Append(id).Append(" > @wid))")
            .Append(" AND ").Append(updated).Append(" <= @upper");
        if (soldAtRange) sql.Append(" AND ").Append(soldAt).Append(" >= @soldFrom AND ").Append(soldAt).Append(" <= @soldTo");
        sql.Append(" ORDER BY ").Append(updated).Append(", ").Append(id).Append(" LIMIT @n");
        return new SourceQuery(sql.ToString(), c.Platform is not null, c.DeletedAt is not null, updatedAtFromDatabase);
    }

    /// <summary>Backtick-quotes a table or column name after checking it is a plain identifier (no injection through asset files).</summary>
    private static string Quote(SourceDefinition source, string name)
    {
        if (!Identifier().IsMatch(name))
            throw new ArgumentException($"{source.File}: '{name}' is not a plain MySQL identifier (letters, digits, _ and $ only)");
        return $"`{name}`";
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_$]{0,63}$")]
    private static partial Regex Identifier();
}
