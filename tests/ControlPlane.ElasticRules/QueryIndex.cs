namespace ControlPlane.ElasticRules;

/// <summary>
/// Finding matches through an index instead of a scan: the stand-in's index proposes candidates for each of the query's
/// <see cref="Query.Alternatives"/> (e.g. the sales of the cards a should clause names); the query decides each one.
/// </summary>
public static class QueryIndex
{
    /// <summary>
    /// The candidates matching <paramref name="query"/>, each once, in the order found. <paramref name="candidatesOf"/>
    /// must propose every document that could match the alternative it is given (all of them when it has no index for it).
    /// </summary>
    public static List<T> Matching<T>(Query query, Func<Query, IEnumerable<T>> candidatesOf, Func<T, IDocumentFields> read) where T : notnull
    {
        var alternatives = query.Alternatives;
        var found = new List<T>();
        HashSet<T>? seen = alternatives.Count > 1 ? [] : null;
        foreach (var alternative in alternatives)
            foreach (var candidate in candidatesOf(alternative))
                if (alternative.Matches(read(candidate)) && (seen is null || seen.Add(candidate)))
                    found.Add(candidate);
        return found;
    }
}
