using System.Globalization;
using System.Text;

namespace ControlPlane.Generation;

/// <summary>
/// Turns a <see cref="SaleRow"/> into one source's columns (its own names, the platform column only when it has one),
/// as an SQL tuple or a LOAD DATA line. <c>updated_at</c> and the soft-delete column are left to the table's defaults.
/// </summary>
internal sealed class SaleRowFormatter
{
    private readonly SalesWorld world;
    private readonly SourceWorld source;
    private readonly bool hasPlatform;

    public SaleRowFormatter(SalesWorld world, SourceWorld source)
    {
        this.world = world;
        this.source = source;
        var c = source.Definition.Columns;
        hasPlatform = c.Platform is not null;
        Columns = hasPlatform
            ? [c.Id, c.Platform!, c.StoreId, c.CardNumber, c.AmountSale, c.SoldAt]
            : [c.Id, c.StoreId, c.CardNumber, c.AmountSale, c.SoldAt];
    }

    public string Table => source.Definition.Table;
    public IReadOnlyList<string> Columns { get; }
    public string ColumnList => string.Join(",", Columns.Select(SqlText.Identifier));

    /// <summary><c>(id,'platform','store','card',amount,'sold_at')</c></summary>
    public void AppendSqlTuple(StringBuilder sb, in SaleRow row, long id)
    {
        sb.Append('(').Append(CultureInfo.InvariantCulture, $"{id}").Append(',');
        if (hasPlatform)
        {
            SqlText.AppendStringLiteral(sb, source.Stores[row.Store].Platform);
            sb.Append(',');
        }
        SqlText.AppendStringLiteral(sb, source.Stores[row.Store].Id);
        sb.Append(',');
        Span<char> card = stackalloc char[CardNumbers.Length];
        if (CardText(row, card) is { } length) SqlText.AppendStringLiteral(sb, card[..length]);
        else sb.Append("NULL");
        sb.Append(',');
        if (row.Bad == BadRowKind.NullAmount) sb.Append("NULL");
        else SqlText.AppendCents(sb, row.AmountCents);
        sb.Append(",'");
        SqlText.AppendDateTime(sb, row.LocalTicks);
        sb.Append("')");
    }

    /// <summary>One tab-separated line; <c>\N</c> is NULL.</summary>
    public void AppendTsvLine(StringBuilder sb, in SaleRow row, long id)
    {
        sb.Append(CultureInfo.InvariantCulture, $"{id}").Append('\t');
        if (hasPlatform)
        {
            SqlText.AppendTsvField(sb, source.Stores[row.Store].Platform);
            sb.Append('\t');
        }
        SqlText.AppendTsvField(sb, source.Stores[row.Store].Id);
        sb.Append('\t');
        Span<char> card = stackalloc char[CardNumbers.Length];
        if (CardText(row, card) is { } length) SqlText.AppendTsvField(sb, card[..length]);
        else sb.Append("\\N");
        sb.Append('\t');
        if (row.Bad == BadRowKind.NullAmount) sb.Append("\\N");
        else SqlText.AppendCents(sb, row.AmountCents);
        sb.Append('\t');
        SqlText.AppendDateTime(sb, row.LocalTicks);
        sb.Append('\n');
    }

    /// <summary>The card column's text in <paramref name="destination"/> and its length, or null for NULL.</summary>
    public int? CardText(in SaleRow row, Span<char> destination)
    {
        if (row.Bad == BadRowKind.NullCard) return null;
        CardNumbers.Write(row.Card, world.CardSalt, destination);
        switch (row.Bad)
        {
            case BadRowKind.ShortCard:
                return 8;
            case BadRowKind.MaskedCard:
                // As a card arrives from a terminal that masks it: first 4, last 4, Xs between (not 12–19 digits).
                destination[4..12].Fill('X');
                return CardNumbers.Length;
            default:
                return CardNumbers.Length;
        }
    }

    public string LastFour(in SaleRow row)
    {
        Span<char> card = stackalloc char[CardNumbers.Length];
        CardNumbers.Write(row.Card, world.CardSalt, card);
        return new string(card[^4..]);
    }
}
