namespace ControlPlane.Loading;

/// <summary>A page of rows in key order, numbered from 0 within a run; <see cref="LastKey"/> is its greatest key.</summary>
public sealed record ChangePage(long Sequence, IReadOnlyList<SourceRow> Rows)
{
    public ChangeKey LastKey => Rows[^1].Key;
}
