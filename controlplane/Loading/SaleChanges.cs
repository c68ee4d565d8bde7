namespace ControlPlane.Loading;

/// <summary>
/// What a run's indexed rows did to <c>platform_sales</c> (docs/design.md, "Counts"): <see cref="New"/> sales the index did
/// not hold (Elasticsearch answered the sale's write 201 created), <see cref="Updated"/> sales it held in an older version
/// (200 updated, the row past the run's starting watermark), and <see cref="Unchanged"/> re-reads: rows of the overlap at or
/// below the starting watermark that an earlier run already wrote (200 updated with the same version: with
/// <c>version_type=external_gte</c> Elasticsearch accepts and rewrites an equal version, so the answer alone cannot tell),
/// and writes answered 409 because the index already held a newer version. Together they add up to the rows indexed.
/// </summary>
public readonly record struct SaleChanges(int New, int Updated, int Unchanged)
{
    /// <summary>How the cluster's answer to a sale's own write, and where its row sits, classify it.</summary>
    public static SaleChanges Of(int status, ChangeKey row, ChangeKey? startingWatermark) => status switch
    {
        201 => new(1, 0, 0),
        409 => new(0, 0, 1),
        _ when startingWatermark is { } w && row <= w => new(0, 0, 1),
        _ => new(0, 1, 0),
    };

    public static SaleChanges operator +(SaleChanges a, SaleChanges b) => new(a.New + b.New, a.Updated + b.Updated, a.Unchanged + b.Unchanged);
}
