using System.Globalization;

namespace ControlPlane.Generation;

/// <summary>
/// What <c>generate</c> (and later <c>bench</c>) asks of <see cref="SalesGenerator"/>.
/// The same seed and options give the same rows, whatever <see cref="Connections"/> is.
/// </summary>
public sealed class GenerationRequest
{
    /// <summary>Largest number of rows one run writes; keeps card ids within the card number space.</summary>
    public const long MaxRows = 500_000_000;
    /// <summary>Largest days × stores when fraud is planted (about 12 bytes each in memory).</summary>
    public const long MaxStoreDays = 10_000_000;

    /// <summary>Rows written over all sources, planted fraud and bad rows included. Required; defaults to 0 (invalid).</summary>
    public long Rows { get; set; }
    /// <summary>Seed of every random choice. Defaults to 1.</summary>
    public int Seed { get; set; } = 1;
    /// <summary>Local days of sales, ending at <see cref="End"/>. Defaults to 30.</summary>
    public int Days { get; set; } = 30;
    /// <summary>Stores over all sources (each store sells through one source). Defaults to 100.</summary>
    public int Stores { get; set; } = 100;
    /// <summary>Fraction of rows that are planted fraud (the seed's rule), in [0, 0.5]. Defaults to 0.001.</summary>
    public double FraudRate { get; set; } = 0.001;
    /// <summary>Fraction of rows that are planted bad rows (NULL amount, malformed card), in [0, 0.5]. Defaults to 0.0005.</summary>
    public double BadRate { get; set; } = 0.0005;
    /// <summary>MySQL connections writing in parallel, 1–32. Defaults to 2.</summary>
    public int Connections { get; set; } = 2;
    /// <summary>Last local day of sales. Defaults to null: today in each source's time zone.</summary>
    public DateOnly? End { get; set; }
    /// <summary>Names of the sources to fill. Defaults to empty: every source under <c>elastic-assets/sources/</c>.</summary>
    public IReadOnlyList<string> Sources { get; set; } = [];

    /// <summary>Checks what can be checked without the sources or the database; messages name the command-line option.</summary>
    public void Validate()
    {
        if (Rows <= 0) throw new ArgumentException($"--rows must be a positive number of rows, not {Rows}");
        if (Rows > MaxRows) throw new ArgumentException($"--rows must be at most {MaxRows}, not {Rows}");
        if (Days is < 1 or > 3660) throw new ArgumentException($"--days must be between 1 and 3660, not {Days}");
        if (Stores is < 1 or > 1_000_000) throw new ArgumentException($"--stores must be between 1 and 1000000, not {Stores}");
        if (double.IsNaN(FraudRate) || FraudRate is < 0 or > 0.5)
            throw new ArgumentException($"--fraud-rate must be between 0 and 0.5 (a fraction of rows), not {Text(FraudRate)}");
        if (double.IsNaN(BadRate) || BadRate is < 0 or > 0.5)
            throw new ArgumentException($"--bad-rate must be between 0 and 0.5 (a fraction of rows), not {Text(BadRate)}");
        if (FraudRate + BadRate > 0.5)
            throw new ArgumentException($"--fraud-rate plus --bad-rate must be at most 0.5, not {Text(FraudRate + BadRate)}");
        // A planted sale needs the weekly AOV of the day before it: 7 full days of history, so at least an 8th day.
        if (FraudRate > 0 && Days < 8)
            throw new ArgumentException($"--days must be at least 8 when --fraud-rate is above 0 (planted fraud needs 7 days of history for the weekly AOV), not {Days}; pass --fraud-rate 0 for fewer days");
        // The fraud planter keeps a total per store and day of the whole run in memory.
        if (FraudRate > 0 && (long)Days * Stores > MaxStoreDays)
            throw new ArgumentException($"--days × --stores must be at most {MaxStoreDays} when --fraud-rate is above 0, not {(long)Days * Stores}");
        if (Connections is < 1 or > 32) throw new ArgumentException($"--connections must be between 1 and 32, not {Connections}");
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
