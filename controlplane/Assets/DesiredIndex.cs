using System.Text.Json.Nodes;
using ControlPlane.Elastic;

namespace ControlPlane.Assets;

/// <summary>
/// A versioned index we create (<c>NAME-vN</c>) for an index asset or a transform's destination, with the alias <c>NAME</c>.
/// <see cref="EffectiveMappings"/> and <see cref="EffectiveSettings"/> are what the index ends up with once Elasticsearch
/// applied its template, which is what plan compares a live index against.
/// </summary>
public sealed record DesiredIndex(string Name, string Alias, bool IsWriteIndex, ElasticAsset Asset, JsonObject CreateBody, ComposedTemplate Template, JsonObject EffectiveMappings, JsonObject EffectiveSettings)
{
    /// <summary>The alias's options: the write index for an index asset (the loader writes through it), plain for a transform destination.</summary>
    public JsonObject AliasOptions => IsWriteIndex ? new JsonObject { ["is_write_index"] = true } : new JsonObject();

    /// <summary><c>PUT NAME-vN</c>; with the alias when nothing holds it yet, otherwise the alias moves later in one <c>_aliases</c> call.</summary>
    public AssetRequest Create(bool withAlias)
    {
        var body = new JsonObject();
        if (withAlias) body["aliases"] = new JsonObject { [Alias] = AliasOptions };
        foreach (var (k, v) in CreateBody) body[k] = v?.DeepClone();
        return new AssetRequest(AssetKinds.Index, Name, "PUT", ElasticPaths.Index(Name), body, RequestSchemas.CreateIndex, Asset);
    }

    public static DesiredIndex From(ElasticAssets assets, ElasticAsset asset, JsonObject? assetBody, bool isWriteIndex)
    {
        var name = ElasticAsset.VersionedName(asset.Name, asset.Version);
        var create = new JsonObject();
        if (assetBody?["settings"] is JsonObject settings) create["settings"] = settings.DeepClone();
        var mappings = assetBody?["mappings"] is JsonObject m ? (JsonObject)m.DeepClone() : new JsonObject();
        create["mappings"] = mappings;
        // The hash leaves out aliases: they move between versions and are compared on their own.
        var hashed = (JsonObject)create.DeepClone();
        ((JsonObject)hashed["mappings"]!).Remove("_meta");
        ManagedMeta.Stamp(mappings, asset.Name, asset.Version, hashed);

        var template = TemplateComposer.Compose(assets, name);
        var effectiveMappings = (JsonObject)template.Mappings.DeepClone();
        TemplateComposer.MergeMappings(effectiveMappings, mappings);
        var effectiveSettings = (JsonObject)template.Settings.DeepClone();
        foreach (var (k, v) in SettingsFlattener.Flatten(create["settings"] as JsonObject)) effectiveSettings[k] = v?.DeepClone();
        return new DesiredIndex(name, asset.Name, isWriteIndex, asset, create, template, effectiveMappings, effectiveSettings);
    }
}
