namespace ControlPlane.Bench;

/// <summary>Numbers distinct strings 0, 1, 2, … so the sink stores an int per value instead of a string per document.</summary>
internal sealed class SinkInterner
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _values = [];

    public int Count => _values.Count;

    public string this[int id] => _values[id];

    public int Intern(string value)
    {
        if (_ids.TryGetValue(value, out var id)) return id;
        _ids[value] = id = _values.Count;
        _values.Add(value);
        return id;
    }

    /// <summary>The number of a value seen before, or -1.</summary>
    public int Find(string value) => _ids.GetValueOrDefault(value, -1);
}
