namespace ControlPlane.Assets;

/// <summary>
/// <c>validate</c>'s check of the Elasticsearch assets: envelope and YAML (<see cref="ElasticAssetLoader"/>), cross-references
/// (<see cref="AssetReferences"/>), and every request body apply would send checked against Elastic's official strict schema,
/// each schema error mapped back to the YAML line it comes from.
/// </summary>
public sealed class ElasticsearchAssetCheck : IAssetCheck
{
    public string Name => "elasticsearch assets";

    public IEnumerable<AssetDiagnostic> Check(AssetRoot root) => Run(root).Diagnostics;

    /// <summary>The desired state of a repository that passes every check; otherwise an <see cref="AssetException"/> naming the first problem.</summary>
    public static DesiredState LoadDesired(AssetRoot root)
    {
        var (desired, diagnostics) = Run(root);
        // apply must not quietly skip a file validate would name as not read.
        diagnostics = [.. diagnostics, .. AssetInventory.Take(root).NotRead.Where(d => !d.Warning && !d.File.StartsWith("kibana-saved-objects/", StringComparison.Ordinal))];
        if (diagnostics.Count > 0 || desired is null) new AssetLoadResult(new ElasticAssets([]), diagnostics).OrThrow();
        return desired!;
    }

    private static (DesiredState? Desired, IReadOnlyList<AssetDiagnostic> Diagnostics) Run(AssetRoot root)
    {
        var load = ElasticAssetLoader.Load(root);
        var diagnostics = load.Diagnostics.Concat(AssetReferences.Check(load.Assets)).ToList();
        DesiredState desired;
        try
        {
            desired = DesiredState.Build(load.Assets);
        }
        catch (AssetException ex)
        {
            diagnostics.Add(new AssetDiagnostic(ex.File, ex.Line, ex.Problem));
            return (null, Sorted(diagnostics));
        }
        foreach (var request in desired.EmptyClusterRequests())
        {
            if (request.Body is null || request.Operation is null || request.Asset is null) continue;
            foreach (var error in RequestSchemas.Validate(request.Operation, request.Body.ToJsonString()))
            {
                var split = error.IndexOf(": ", StringComparison.Ordinal);
                var path = JsonPaths.FromSchemaPath(split < 0 ? "#" : error[..split]);
                var message = split < 0 ? error : error[(split + 2)..];
                diagnostics.Add(new AssetDiagnostic(request.Asset.File, request.Asset.LineOf(path),
                    $"{JsonPaths.Child("body", path)}: {message} ({request.Operation} schema)"));
            }
        }
        return (desired, Sorted(diagnostics));
    }

    private static List<AssetDiagnostic> Sorted(IEnumerable<AssetDiagnostic> diagnostics) =>
        diagnostics.Distinct().OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ToList();
}
