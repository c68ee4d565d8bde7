namespace ControlPlane.Generation;

/// <summary>The few distributions the generator draws from, on a seeded <see cref="Random"/>.</summary>
internal static class RandomExtensions
{
    /// <summary>Standard normal (Box–Muller).</summary>
    public static double NextGaussian(this Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>An index drawn with the weights whose running sums are <paramref name="cumulative"/> (last = total).</summary>
    public static int NextWeighted(this Random random, double[] cumulative)
    {
        var target = random.NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, target);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, cumulative.Length - 1);
    }

    public static double[] Cumulative(IReadOnlyList<double> weights)
    {
        var sums = new double[weights.Count];
        var total = 0.0;
        for (var i = 0; i < weights.Count; i++) sums[i] = total += weights[i];
        return sums;
    }

    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="weights"/> exactly (largest remainder).</summary>
    public static long[] Apportion(long total, IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        var shares = new long[weights.Count];
        var remainders = new (double Remainder, int Index)[weights.Count];
        long given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = total * weights[i] / sum;
            shares[i] = (long)Math.Floor(exact);
            given += shares[i];
            remainders[i] = (exact - shares[i], i);
        }
        // Ties go to the lower index, so the split is the same on every run.
        foreach (var (_, index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take((int)(total - given)))
            shares[index]++;
        return shares;
    }
}
