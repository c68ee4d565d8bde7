namespace ControlPlane.Bench;

/// <summary>
/// The <c>filter_path</c> of a <c>_bulk</c> request, as far as a bulk answer goes: top-level keys (<c>took</c>,
/// <c>errors</c>, <c>items</c>) and the keys of each item (<c>items.*.status</c>). No filter keeps everything.
/// </summary>
internal sealed class SinkFilterPath
{
    private readonly HashSet<string>? _top;
    private readonly HashSet<string> _item = new(StringComparer.Ordinal);
    private readonly bool _wholeItems = true;

    public SinkFilterPath(string? filterPath)
    {
        if (string.IsNullOrWhiteSpace(filterPath)) return;
        _top = new HashSet<string>(StringComparer.Ordinal);
        var wholeItems = false;
        foreach (var path in filterPath.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = path.Split('.');
            _top.Add(parts[0]);
            if (parts is ["items", "*" or "**", var key, ..]) _item.Add(key);
            else if (parts is ["items"]) wholeItems = true;
        }
        _wholeItems = wholeItems;
    }

    public bool IsEmpty => _top is null;

    public bool Top(string key) => _top is null || _top.Contains(key);

    public bool Item(string key) => _top is null || _wholeItems || _item.Contains(key);
}
