namespace ControlPlane.Loading;

/// <summary>
/// One action of a bulk body: which row it belongs to, where its NDJSON lines sit in the page's buffer, and how to read
/// its answer (a 409 on a versioned write means "already newer", a 404 on a delete means "already gone": both are success).
/// <see cref="IsSaleDocument"/> marks the sale's own <c>platform_sales</c> document (not a tombstone at an old place),
/// whose answer says whether the sale was new.
/// </summary>
public readonly record struct BulkAction(int Row, string Index, bool IsDelete, bool Versioned, int Start, int Length, bool IsSaleDocument = false);
