using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.ElasticRules;

namespace ControlPlane.Tests.Fakes;

/// <summary>
/// The fake's side of the shared query rules (tests/ControlPlane.ElasticRules: the query DSL subset, sort,
/// search_after and _source filtering, the same code the bench's stand-in answers with): parsing a JSON query, reading
/// a JSON source through <see cref="JsonSourceFields"/>, and the JSON node helpers the fake's aggregations and
/// transforms use.
/// </summary>
public static class FakeQuery
{
    /// <summary>A query object as the shared rules read it; an unknown query type is a 400 <c>parsing_exception</c>.</summary>
    public static Query Parse(JsonObject? query) =>
        Query.Parse(query is null || query.Count == 0 ? null : JsonSerializer.SerializeToElement(query));

    public static bool Matches(JsonObject? query, string id, JsonObject source) => Parse(query).Matches(new JsonSourceFields(id, source));

    /// <summary>Field values by dotted path; arrays give each element.</summary>
    public static IEnumerable<JsonNode> Values(JsonObject source, string field)
    {
        var node = JsonSourceFields.Node(source, field);
        if (node is JsonArray a) return a.Where(x => x is not null)!;
        return node is null ? [] : [node];
    }

    /// <summary>The hit's <c>_source</c>: the top-level fields the filter includes.</summary>
    public static JsonObject FilterSource(JsonObject source, SourceFilter filter)
    {
        var result = new JsonObject();
        foreach (var (name, value) in source)
            if (filter.Includes(name)) result[name] = value?.DeepClone();
        return result;
    }
}
