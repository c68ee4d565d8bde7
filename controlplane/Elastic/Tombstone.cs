using System.Text.Json.Nodes;

namespace ControlPlane.Elastic;

/// <summary>
/// The documents that stand for a deleted, bad or moved-away sale, or an un-flagged fraud document (<c>deleted: true</c>;
/// docs/assets.md, "Deletes"). Every reader puts <see cref="Match"/> in its <c>must_not</c>.
/// </summary>
public static class Tombstone
{
    public static JsonObject Match() => new() { ["term"] = new JsonObject { [SaleFields.Deleted] = true } };
}
