using System.Text.Json.Nodes;

namespace ControlPlane.Planning;

/// <summary>A concrete index as <c>GET NAME</c> answers it: mappings as its mappers serialize them, settings flat, aliases with their write flag.</summary>
public sealed record LiveIndex(string Name, JsonObject Mappings, JsonObject Settings, IReadOnlyDictionary<string, bool> Aliases);
