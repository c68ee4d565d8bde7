namespace ControlPlane.Assets;

/// <summary>The Elasticsearch asset kinds of docs/design.md, their folders, and the order apply creates them in.</summary>
public static class AssetKinds
{
    public const string IlmPolicy = "ilm_policy";
    public const string ComponentTemplate = "component_template";
    public const string IndexTemplate = "index_template";
    public const string IngestPipeline = "ingest_pipeline";
    public const string Index = "index";
    public const string Transform = "transform";
    /// <summary>An Elasticsearch security role (<c>elastic-assets/roles/</c>, <c>PUT _security/role/NAME</c>).</summary>
    public const string Role = "role";

    /// <summary>Dependency order: policies and component templates before the index templates that use them, pipelines before indices write through them, indices before the transforms that read them; roles name index patterns, not objects, so they come last.</summary>
    public static readonly IReadOnlyList<string> ApplyOrder = [IlmPolicy, ComponentTemplate, IndexTemplate, IngestPipeline, Index, Transform, Role];

    /// <summary>The folder holding one kind's files.</summary>
    public static string Folder(AssetRoot root, string kind) => kind switch
    {
        IlmPolicy => Path.Combine(root.ElasticAssets, "ilm-policies"),
        ComponentTemplate => Path.Combine(root.ElasticAssets, "component-templates"),
        IndexTemplate => Path.Combine(root.ElasticAssets, "index-templates"),
        Index => Path.Combine(root.ElasticAssets, "indices"),
        IngestPipeline => root.Pipelines,
        Transform => root.Transforms,
        Role => Path.Combine(root.ElasticAssets, "roles"),
        _ => throw new ArgumentException($"unknown asset kind '{kind}'"),
    };

    /// <summary>The official request schema a kind's body is checked against.</summary>
    public static string Operation(string kind) => kind switch
    {
        IlmPolicy => RequestSchemas.PutLifecycle,
        ComponentTemplate => RequestSchemas.PutComponentTemplate,
        IndexTemplate => RequestSchemas.PutIndexTemplate,
        IngestPipeline => RequestSchemas.PutPipeline,
        Index => RequestSchemas.CreateIndex,
        Transform => RequestSchemas.PutTransform,
        Role => RequestSchemas.PutRole,
        _ => throw new ArgumentException($"unknown asset kind '{kind}'"),
    };
}
