using System.Text.Json.Nodes;

namespace ControlPlane.Assets;

/// <summary>The repository's Elasticsearch assets by kind and name, with the lookups cross-references need.</summary>
public sealed class ElasticAssets
{
    private readonly Dictionary<string, SortedDictionary<string, ElasticAsset>> _byKind = new(StringComparer.Ordinal);
    private readonly HashSet<(string Kind, string Name)> _files = [];

    /// <param name="assets">The assets that were read without problems.</param>
    /// <param name="files">Every asset file by kind and file name, readable or not, so one broken file does not make every reference to it dangle too.</param>
    public ElasticAssets(IEnumerable<ElasticAsset> assets, IEnumerable<(string Kind, string Name)>? files = null)
    {
        foreach (var kind in AssetKinds.ApplyOrder) _byKind[kind] = new SortedDictionary<string, ElasticAsset>(StringComparer.Ordinal);
        foreach (var asset in assets)
        {
            _byKind[asset.Kind][asset.Name] = asset;
            _files.Add((asset.Kind, asset.Name));
        }
        foreach (var file in files ?? []) _files.Add(file);
    }

    /// <summary>True when the repository has a file for this asset, even one with problems of its own.</summary>
    public bool Exists(string kind, string name) => _files.Contains((kind, name));

    /// <summary>Names of a kind's files, readable or not.</summary>
    public IEnumerable<string> FileNames(string kind) => _files.Where(f => f.Kind == kind).Select(f => f.Name);

    public IEnumerable<ElasticAsset> All => AssetKinds.ApplyOrder.SelectMany(k => _byKind[k].Values);

    /// <summary>One kind's assets, sorted by name.</summary>
    public IReadOnlyCollection<ElasticAsset> Of(string kind) => _byKind[kind].Values;

    public ElasticAsset? Find(string kind, string name) => _byKind[kind].GetValueOrDefault(name);

    /// <summary>The names the control plane puts aliases on: index assets and transform destinations.</summary>
    public ElasticAsset? AliasOwner(string alias) => Find(AssetKinds.Index, alias) ?? Find(AssetKinds.Transform, alias);

    /// <summary>Index templates whose patterns match <paramref name="indexName"/>, highest priority first (the first is the one ES applies).</summary>
    public IReadOnlyList<ElasticAsset> IndexTemplatesFor(string indexName) =>
        Of(AssetKinds.IndexTemplate)
            .Where(t => Patterns(t).Any(p => GlobPattern.Matches(p, indexName)))
            .OrderByDescending(Priority)
            .ToList();

    public static IReadOnlyList<string> Patterns(ElasticAsset indexTemplate) => indexTemplate.Body["index_patterns"] switch
    {
        JsonArray a => a.Select(p => p?.ToString() ?? "").ToList(),
        JsonValue v => [v.ToString()],
        _ => [],
    };

    public static long Priority(ElasticAsset indexTemplate) =>
        indexTemplate.Body["priority"] is JsonValue v && v.TryGetValue(out long p) ? p : 0;

    /// <summary>The index expressions a transform reads (<c>source.index</c>, a name or a list).</summary>
    public static IReadOnlyList<string> TransformSources(ElasticAsset transform) => transform.Body["source"]?["index"] switch
    {
        JsonArray a => a.Select(p => p?.ToString() ?? "").ToList(),
        JsonValue v => v.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => [],
    };

    /// <summary>Alias names we define that an index expression (a name or a wildcard pattern) reaches.</summary>
    public IReadOnlyList<string> OwnedAliasesMatching(string expression) =>
        Of(AssetKinds.Index).Concat(Of(AssetKinds.Transform)).Select(a => a.Name).Where(n => GlobPattern.Matches(expression, n)).ToList();

    /// <summary>
    /// Transforms ordered so that one reading another's destination comes after it (weekly after daily).
    /// Throws when transforms read each other in a cycle.
    /// </summary>
    public IReadOnlyList<ElasticAsset> TransformsInDependencyOrder()
    {
        var transforms = Of(AssetKinds.Transform).ToList();
        var ordered = new List<ElasticAsset>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        void Visit(ElasticAsset t, Stack<string> chain)
        {
            if (state.GetValueOrDefault(t.Name) == 2) return;
            if (state.GetValueOrDefault(t.Name) == 1)
                throw new AssetException(t.File, t.LineOf("source.index"), $"transforms read each other in a cycle: {string.Join(" → ", chain.Reverse().Append(t.Name))}");
            state[t.Name] = 1;
            chain.Push(t.Name);
            foreach (var source in TransformSources(t))
                foreach (var upstream in transforms.Where(u => u.Name != t.Name && GlobPattern.Matches(source, u.Name)))
                    Visit(upstream, chain);
            chain.Pop();
            state[t.Name] = 2;
            ordered.Add(t);
        }
        foreach (var t in transforms) Visit(t, new Stack<string>());
        return ordered;
    }
}
