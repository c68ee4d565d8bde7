namespace ControlPlane.Bench;

/// <summary>
/// A filter on <c>platform_sales</c> in the terms the sink answers: the loader's lookups (terms on
/// <c>card_fingerprint</c> and <c>amount_sale</c>, a range on <c>sold_date</c>) plus ids and stores. Null means "any".
/// </summary>
internal sealed class SinkSalesQuery
{
    public HashSet<string>? Cards { get; set; }
    public HashSet<string>? Stores { get; set; }
    public HashSet<string>? Ids { get; set; }
    public HashSet<decimal>? Amounts { get; set; }
    public DateOnly? FromDay { get; set; }
    public DateOnly? ToDay { get; set; }
}
