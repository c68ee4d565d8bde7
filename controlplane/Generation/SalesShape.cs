namespace ControlPlane.Generation;

/// <summary>
/// The shape of a week of card sales in the source's local time: quiet nights, a lunch and a dinner peak, busier
/// Fridays and weekends; Zipf-like store sizes; log-normal tickets. The numbers are plausible, not measured.
/// </summary>
internal static class SalesShape
{
    /// <summary>Relative sales per local hour, 00–23.</summary>
    private static readonly double[] HourWeights =
    [
        0.30, 0.20, 0.12, 0.08, 0.08, 0.15, 0.45, 1.20, 2.00, 2.40, 3.00, 4.50,
        6.00, 5.00, 3.50, 3.20, 3.50, 4.50, 6.00, 6.20, 5.00, 3.50, 2.00, 1.00,
    ];

    public static readonly double[] HourCumulative = RandomExtensions.Cumulative(HourWeights);

    /// <summary>Relative sales per day of week, indexed by <see cref="DayOfWeek"/> (Sunday = 0).</summary>
    private static readonly double[] DayOfWeekWeights = [1.12, 0.92, 0.90, 0.95, 1.00, 1.15, 1.30];

    /// <summary>Exponent of the store-size law: the store of rank r sells ∝ 1/r^s.</summary>
    public const double ZipfExponent = 1.05;

    /// <summary>Platforms of a multi-platform source (the platform column), with their shares of stores.</summary>
    public static readonly (string Name, double Weight)[] Platforms =
        [("naver", 0.30), ("coupang", 0.25), ("baemin", 0.20), ("kakao", 0.15), ("yogiyo", 0.10)];

    /// <summary>Median ticket of a typical store in KRW; stores spread log-normally around it.</summary>
    public const double TypicalMedianTicketWon = 18_000;
    public const double StoreMedianSpread = 0.7;
    /// <summary>Every amount is a whole multiple of this many won (KRW has no minor unit in practice).</summary>
    public const long AmountStepWon = 100;
    public const long MinAmountWon = 1_000;

    /// <summary>Share of sales paid with a card from the city-wide pool rather than the store's regulars.</summary>
    public const double SharedCardShare = 0.10;
    /// <summary>Average visits per card of a store's pool over the whole period: how often customers come back.</summary>
    public const double VisitsPerCard = 4.0;
    /// <summary>Skew of the card draw: index = pool × u^k, so low indices are the frequent regulars.</summary>
    public const double RegularsSkew = 2.0;

    public static double DayWeight(DateOnly day) => DayOfWeekWeights[(int)day.DayOfWeek];

    /// <summary>A second of the local day drawn from the hourly shape.</summary>
    public static int NextSecondOfDay(Random random) => random.NextWeighted(HourCumulative) * 3600 + random.Next(3600);
}
