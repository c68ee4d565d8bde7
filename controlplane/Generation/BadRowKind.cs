namespace ControlPlane.Generation;

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
