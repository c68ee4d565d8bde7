using System.Text.RegularExpressions;
using ControlPlane.Generation;

namespace ControlPlane.Bench;

/// <summary>What <c>bench</c> is asked to measure. <see cref="Validate"/> names the command-line option of every bad value.</summary>
public sealed partial class BenchOptions
{
    /// <summary>The source the bench generates and loads: the seed's primary source (interface.md).</summary>
    public const string SourceName = "platform_sales";

    /// <summary>Rows to generate (or find with <see cref="Reuse"/>) and load. Defaults to 1,000,000.</summary>
    public long Rows { get; set; } = 1_000_000;
    /// <summary>Rows per keyset page, for the raw read and the loader alike. Defaults to null: the source's <c>change_capture.page_rows</c>.</summary>
    public int? PageRows { get; set; }
    /// <summary>Bulk senders of the loader. Defaults to the loader's own default (<c>Loader:BulkConcurrency</c>, 2).</summary>
    public int? Concurrency { get; set; }
    /// <summary>Seed of the generated rows. Defaults to 1.</summary>
    public int Seed { get; set; } = 1;
    /// <summary>Use the rows already in the bench database when it holds at least <see cref="Rows"/>. Defaults to false: generate afresh.</summary>
    public bool Reuse { get; set; }
    /// <summary>
    /// Rows the seed design's peer loads (the first ones in key order): row by row it costs two searches a sale, so at 1M
    /// it runs on a sample and reports rows/s. Defaults to 20,000; never more than the rows loaded.
    /// </summary>
    public long SeedRows { get; set; } = 20_000;
    /// <summary>The database bench owns on the server of MYSQL_CONNECTION. Defaults to <c>controlplane_bench</c>.</summary>
    public string Database { get; set; } = "controlplane_bench";

    /// <summary>Checks every value before anything is touched.</summary>
    public void Validate()
    {
        if (Rows <= 0) throw new ArgumentException($"--rows must be a positive number of rows, not {Rows}");
        if (Rows > GenerationRequest.MaxRows) throw new ArgumentException($"--rows must be at most {GenerationRequest.MaxRows}, not {Rows}");
        // The same bounds as change_capture.page_rows in a source file.
        if (PageRows is < 1 or > 100_000) throw new ArgumentException($"--page-rows must be between 1 and 100000, not {PageRows}");
        // The same bounds LoaderOptions clamps BulkConcurrency to; a bench silently clamped would measure something else.
        if (Concurrency is < 1 or > 16) throw new ArgumentException($"--concurrency must be between 1 and 16 bulk senders, not {Concurrency}");
        if (SeedRows <= 0) throw new ArgumentException($"--seed-rows must be a positive number of rows, not {SeedRows}");
        if (!DatabaseName().IsMatch(Database))
            throw new ArgumentException($"--database must be a plain MySQL database name (letters, digits and _, at most 64), not '{Database}'");
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex DatabaseName();
}
