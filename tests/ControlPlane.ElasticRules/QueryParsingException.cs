namespace ControlPlane.ElasticRules;

/// <summary>
/// A search Elasticsearch refuses with 400 (an unknown query is a <c>parsing_exception</c> "unknown query [X]"), or one
/// the stand-in answering it cannot answer exactly: both stand-ins turn it into a 400 naming what was refused, never a
/// wrong answer.
/// </summary>
public sealed class QueryParsingException(string message, string type = "parsing_exception") : Exception(message)
{
    /// <summary>The error type of the 400 answer (<c>parsing_exception</c>, <c>parse_exception</c>, ...).</summary>
    public string Type { get; } = type;
}
