using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Fakes;

/// <summary>Component and index templates, ingest pipelines, ILM policies and transforms.</summary>
public sealed partial class FakeElasticsearch
{
    private void RegisterManagementRoutes()
    {
    }

    /// <summary>The mappings an index created without a body gets from the highest-priority matching index template; null if none.</summary>
    private JsonObject? MappingsFromTemplates(string indexName) => null;
}
