namespace ControlPlane.ElasticRules;

/// <summary>
/// The field reader a query is evaluated through: the tests' fake reads its JSON sources (<see cref="JsonSourceFields"/>),
/// the bench's stand-in its compact entries, so neither needs the other's storage.
/// </summary>
public interface IDocumentFields
{
    /// <summary>The document's <c>_id</c>.</summary>
    string Id { get; }

    /// <summary>The values of <paramref name="field"/> (a dotted path; an array gives each element); none when it is missing.</summary>
    FieldValues Values(string field);
}

/// <summary>A field's values without a list for the common single value.</summary>
public readonly struct FieldValues
{
    private readonly FieldValue _single;
    private readonly IReadOnlyList<FieldValue>? _many;

    public FieldValues(FieldValue single)
    {
        _single = single;
        Count = 1;
    }

    public FieldValues(IReadOnlyList<FieldValue> many)
    {
        _many = many;
        Count = many.Count;
    }

    public static FieldValues None => default;

    public int Count { get; }

    public FieldValue this[int index] => _many is null ? _single : _many[index];
}
