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

/// <summary>How a planted bad row is broken (interface.md: NULL amount, or a card number that is not 12–19 digits).</summary>
internal enum BadRowKind : byte
{
    None,
    NullAmount,
    NullCard,
    ShortCard,
    MaskedCard,
}

internal static class BadRowKinds
{
    public const int Count = 4;

    /// <summary>The reason written to planted_bad_rows.</summary>
    public static string Reason(this BadRowKind kind) => kind switch
    {
        BadRowKind.NullAmount => "null_amount",
        BadRowKind.NullCard => "null_card",
        BadRowKind.ShortCard => "short_card",
        BadRowKind.MaskedCard => "masked_card",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a bad row"),
    };
}
