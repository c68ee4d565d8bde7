namespace ControlPlane.Loading;

/// <summary>
/// One action of a bulk body: which row it belongs to, where its NDJSON lines sit in the page's buffer, and how to read
/// its answer (a 409 on a versioned write means "already newer", a 404 on a delete means "already gone": both are success).
/// </summary>
public readonly record struct BulkAction(int Row, string Index, bool IsDelete, bool Versioned, int Start, int Length);
