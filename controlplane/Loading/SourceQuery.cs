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
    private SourceQuery(string sql, bool hasPlatform, bool hasDeletedAt)
    {
        Sql = sql;
        HasPlatform = hasPlatform;
        HasDeletedAt = hasDeletedAt;
    }

    public string Sql { get; }
    public bool HasPlatform { get; }
    public bool HasDeletedAt { get; }

    /// <summary>Column ordinals in <see cref="Sql"/>'s select list.</summary>
    public const int Id = 0, UpdatedAt = 1, StoreId = 2, CardNumber = 3, AmountSale = 4, SoldAt = 5, Platform = 6;
    public int DeletedAt => HasPlatform ? 7 : 6;

    public static SourceQuery For(SourceDefinition source, bool soldAtRange)
    {
        var c = source.Columns;
        var id = Quote(source, c.Id);
        var updated = Quote(source, c.UpdatedAt);
        var soldAt = Quote(source, c.SoldAt);
        var select = new List<string> { id, updated, Quote(source, c.StoreId), Quote(source, c.CardNumber), Quote(source, c.AmountSale), soldAt };
        if (c.Platform is { } platform) select.Add(Quote(source, platform));
        if (c.DeletedAt is { } deleted) select.Add(Quote(source, deleted));

        var sql = new StringBuilder()
            .Append("SELECT ").AppendJoin(", ", select)
            .Append(" FROM ").Append(Quote(source, source.Table))
            .Append(" WHERE (").Append(updated).Append(" > @wu OR (").Append(updated).Append(" = @wu AND ").Append(id).Append(" > @wid))")
            .Append(" AND ").Append(updated).Append(" <= @upper");
        if (soldAtRange) sql.Append(" AND ").Append(soldAt).Append(" >= @soldFrom AND ").Append(soldAt).Append(" <= @soldTo");
        sql.Append(" ORDER BY ").Append(updated).Append(", ").Append(id).Append(" LIMIT @n");
        return new SourceQuery(sql.ToString(), c.Platform is not null, c.DeletedAt is not null);
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
