using System.Collections.Concurrent;
using System.Reflection;
using NJsonSchema;
using NJsonSchema.Validation;

namespace ControlPlane.Assets;

/// <summary>
/// Elastic's official request-body schemas (strict mode: unknown keys are errors), embedded in the assembly so
/// <c>validate</c> works offline anywhere. Source: elastic/elasticsearch-specification, Apache-2.0.
/// NJsonSchema sits behind this one class so another validator can replace it.
/// </summary>
public static class RequestSchemas
{
    /// <summary>Operation names, as in the schema file names.</summary>
    public const string PutComponentTemplate = "cluster.put_component_template";
    public const string PutIndexTemplate = "indices.put_index_template";
    public const string CreateIndex = "indices.create";
    public const string PutPipeline = "ingest.put_pipeline";
    public const string PutTransform = "transform.put_transform";
    public const string UpdateTransform = "transform.update_transform";
    public const string PutLifecycle = "ilm.put_lifecycle";
    public const string Search = "search";
    /// <summary>Written for this project from the specification (see the schema's <c>$comment</c>): the shared set has none.</summary>
    public const string PutRole = "security.put_role";

    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> Cache = new();

    /// <summary>Validates a JSON body; returns one message per violation (<c>path: kind</c>), empty when valid.</summary>
    public static IReadOnlyList<string> Validate(string operation, string json)
    {
        var schema = Cache.GetOrAdd(operation, op => new Lazy<JsonSchema>(() => Load(op))).Value;
        // The validator casts integers to Int64 and throws on larger ones: report such a number as the body's problem.
        if (TooLargeInteger(System.Text.Json.Nodes.JsonNode.Parse(json), "") is { } path)
            return [$"#/{path.Path}: number {path.Text} is too large (integers go up to {long.MaxValue})"];
        return schema.Validate(json).SelectMany(Flatten).Distinct().ToList();
    }

    /// <summary>The path (<c>a.b[0].c</c>) and text of the first integer beyond Int64, or null.</summary>
    private static (string Path, string Text)? TooLargeInteger(System.Text.Json.Nodes.JsonNode? node, string path)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject o:
                foreach (var (key, child) in o)
                    if (TooLargeInteger(child, path.Length == 0 ? key : $"{path}.{key}") is { } found) return found;
                return null;
            case System.Text.Json.Nodes.JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (TooLargeInteger(a[i], $"{path}[{i}]") is { } found) return found;
                return null;
            case System.Text.Json.Nodes.JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                var text = v.ToJsonString();
                return text.AsSpan().IndexOfAny('.', 'e', 'E') < 0 && !long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _) ? (path, text) : null;
            default:
                return null;
        }
    }

    private static IEnumerable<string> Flatten(ValidationError error)
    {
        // A failed anyOf/oneOf carries the errors of each branch; the shortest branch list is the likeliest intent.
        if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
        {
            var best = child.Errors.Values.OrderBy(e => e.Count).First();
            if (best.Count > 0) return best.SelectMany(Flatten);
        }
        var path = string.IsNullOrEmpty(error.Path) ? "#" : error.Path;
        return [$"{path}: {Describe(error.Kind)}{(error.Property is null ? "" : $" '{error.Property}'")}"];
    }

    private static string Describe(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.NoAdditionalPropertiesAllowed => "unknown key",
        ValidationErrorKind.PropertyRequired => "missing required key",
        ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotOneOf => "matches none of the allowed shapes",
        _ => kind.ToString(),
    };

    private static JsonSchema Load(string operation)
    {
        var name = $"schemas/{operation}.strict.schema.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new ArgumentException($"no embedded request schema for operation '{operation}'");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromJsonAsync(reader.ReadToEnd()).GetAwaiter().GetResult();
    }
}
