using System.Collections.Concurrent;
using ControlPlane.Assets;

namespace ControlPlane.Tests.Fakes;

/// <summary>
/// Every request body the fake receives for an operation Elastic publishes a schema for is checked against the
/// official strict schema. A violation is answered with 400 (as ES rejects an unknown key) and recorded, so any
/// test that sends a non-conforming body fails.
/// </summary>
public sealed partial class FakeElasticsearch
{
    private readonly ConcurrentQueue<string> _schemaViolations = new();

    /// <summary>Violations seen so far as <c>METHOD /path: message</c>; tests assert this stays empty.</summary>
    public IReadOnlyList<string> SchemaViolations => _schemaViolations.ToArray();

    /// <summary>Turns the check off for a test that sends a deliberately bad body. Defaults to on.</summary>
    public bool CheckRequestSchemas { get; set; } = true;

    private string? CheckSchema(string method, string path, string body)
    {
        if (!CheckRequestSchemas || string.IsNullOrWhiteSpace(body)) return null;
        var operation = OperationOf(method, path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        if (operation is null) return null;
        var errors = RequestSchemas.Validate(operation, body);
        if (errors.Count == 0) return null;
        var message = $"{method} /{path}: body does not conform to {operation}: {string.Join("; ", errors)}";
        _schemaViolations.Enqueue(message);
        return message;
    }

    private static string? OperationOf(string method, string[] s) => (method, s) switch
    {
        ("PUT" or "POST", ["_component_template", _]) => RequestSchemas.PutComponentTemplate,
        ("PUT" or "POST", ["_index_template", _]) => RequestSchemas.PutIndexTemplate,
        ("PUT", ["_ingest", "pipeline", _]) => RequestSchemas.PutPipeline,
        ("PUT", ["_transform", _]) => RequestSchemas.PutTransform,
        ("POST", ["_transform", _, "_update"]) => RequestSchemas.UpdateTransform,
        ("PUT", ["_ilm", "policy", _]) => RequestSchemas.PutLifecycle,
        ("PUT" or "POST", ["_security", "role", _]) => RequestSchemas.PutRole,
        ("GET" or "POST", [_, "_search"]) => RequestSchemas.Search,
        ("PUT", [var index]) when !index.StartsWith('_') => RequestSchemas.CreateIndex,
        _ => null,
    };
}
