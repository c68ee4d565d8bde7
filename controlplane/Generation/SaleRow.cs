namespace ControlPlane.Generation;

/// <summary>One generated sale before it is formatted; the card is an id, its number is derived when written.</summary>
internal struct SaleRow
{
    public long LocalTicks;
    public int Store;
    public int Card;
    public long AmountCents;
    public BadRowKind Bad;
    /// <summary>Index into the partition's planted sales; -1 for a regular sale.</summary>
    public int Planted;
    /// <summary>Order of generation, the tie-break of the time sort so the order never depends on the sort algorithm.</summary>
    public int Sequence;
}
