namespace ControlPlane.Planning;

/// <summary>Which index settings can change on an open index (<c>PUT NAME/_settings</c>) and which need a new index.</summary>
public static class IndexSettingsRules
{
    private static readonly string[] StaticKeys =
    [
        "index.number_of_shards", "index.number_of_routing_shards", "index.codec", "index.routing_partition_size",
        "index.soft_deletes.enabled", "index.load_fixed_bitset_filters_eagerly", "index.shard.check_on_startup", "index.mode",
        "index.store.type", "index.mapping.source.mode",
    ];

    private static readonly string[] StaticPrefixes = ["index.sort.", "index.analysis.", "index.similarity."];

    public static bool IsStatic(string key) => StaticKeys.Contains(key) || StaticPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));
}
