using System.Text.Json.Nodes;

namespace ControlPlane.Kibana;

/// <summary>What <c>_export</c> gave for the objects asked for: the ones Kibana has, and the ones it does not.</summary>
public sealed record KibanaExport(IReadOnlyList<JsonObject> Objects, IReadOnlyList<SavedObjectKey> Missing);
