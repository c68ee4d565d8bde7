namespace ControlPlane.Generation;

/// <summary>One synthetic store: its size, its ticket sizes and its own pool of regular customers' cards.</summary>
internal sealed class StoreProfile
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    /// <summary>Value of the platform column; null for a source with a fixed platform.</summary>
    public required string? Platform { get; init; }
    /// <summary>Share of its source's sales (the store weights of a source sum to 1).</summary>
    public required double Weight { get; init; }
    public required double MedianTicketWon { get; init; }
    /// <summary>Standard deviation of the log of the ticket: how much one sale differs from the next.</summary>
    public required double TicketSpread { get; init; }
    /// <summary>The store's cards are the ids CardBase .. CardBase + CardPool − 1.</summary>
    public required int CardBase { get; init; }
    public required int CardPool { get; init; }

    /// <summary>An amount in cents (DECIMAL(14,2)), a whole number of <see cref="SalesShape.AmountStepWon"/>.</summary>
    public long NextAmountCents(Random random)
    {
        var won = MedianTicketWon * Math.Exp(TicketSpread * random.NextGaussian());
        var steps = Math.Max(SalesShape.MinAmountWon / SalesShape.AmountStepWon, (long)Math.Round(won / SalesShape.AmountStepWon));
        return steps * SalesShape.AmountStepWon * 100;
    }

    /// <summary>A card of the store's pool; low indices (the regulars) come back most often.</summary>
    public int NextRegularCard(Random random) =>
        CardBase + Math.Min(CardPool - 1, (int)(CardPool * Math.Pow(random.NextDouble(), SalesShape.RegularsSkew)));
}
