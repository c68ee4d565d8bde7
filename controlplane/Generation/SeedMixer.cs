namespace ControlPlane.Generation;

/// <summary>
/// Derives independent, reproducible seeds from (seed, stream, partition…) with SplitMix64, so that each partition
/// owns its own <see cref="Random"/> and partitions can be generated in any order, on any worker, with the same result.
/// </summary>
internal static class SeedMixer
{
    public const int WorldStream = 1;
    public const int FraudStream = 2;
    public const int PartitionStream = 3;

    public static int Derive(int seed, int stream, int a = 0, int b = 0, int c = 0)
    {
        var x = Mix((ulong)(uint)seed);
        x = Mix(x ^ (uint)stream);
        x = Mix(x ^ (uint)a);
        x = Mix(x ^ (uint)b);
        x = Mix(x ^ (uint)c);
        return (int)(x >> 33);
    }

    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
