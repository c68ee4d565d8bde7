using System.Globalization;
using System.Text;
using ControlPlane.Loading;
using Xunit.Abstractions;

namespace ControlPlane.Tests.Aov;

/// <summary>
/// How exact the daily AOV's num_customer is: the <c>cardinality</c> aggregation (precision_threshold 40000) over
/// card_fingerprint, computed here as Elasticsearch computes it, on fingerprints made as the loader makes them.
/// docs/assets.md ("Distinct cards") states the bound these tests measure.
/// </summary>
public sealed class DistinctCardsTests(ITestOutputHelper output)
{
    [Fact]
    public void TheHashIsMurmurHash3X64Of128BitsAsElasticsearchComputesIt()
    {
        // The reference vector of MurmurHash3_x64_128 (seed 0), the hash Elasticsearch's cardinality takes the h1 half of.
        var (h1, h2) = ElasticsearchCardinality.Murmur3(Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog"));
        Assert.Equal((0xe34bbc7bbc071b6cUL, 0x7a433ca9c49a9347UL), (h1, h2));
        Assert.Equal(18, ElasticsearchCardinality.PrecisionFromThreshold(40000));
    }

    /// <summary>
    /// Two cards count once when their hashes share the top 25 bits: K such pairs, K ~ Poisson(n(n−1)/2^26), and the
    /// formula adds back about n²/2^26, so a day is off by round(λ) − K. The bounds are those tails with a margin
    /// (docs/assets.md, "Distinct cards"); a coarser hash or encoding than Elasticsearch's fails them.
    /// </summary>
    [Fact]
    public void DistinctCardsOfAStoreDayAreExactUpToAFewThousandCardsAndOffByAtMostAFewAt40000()
    {
        var cards = CardFingerprint.Create("distinct-cards-test-key");
        var random = new Random(20261121);
        var p = ElasticsearchCardinality.PrecisionFromThreshold(40000);
        foreach (var (size, days, maxError) in new[] { (100, 2000, 1), (1000, 400, 1), (4000, 100, 3), (10000, 40, 5), (40000, 10, 20) })
        {
            var errors = new List<long>();
            for (var day = 0; day < days; day++)
            {
                var fingerprints = new HashSet<string>(StringComparer.Ordinal);
                while (fingerprints.Count < size)
                    fingerprints.Add(cards.Fingerprint(random.NextInt64(4_000_000_000_000_000, 4_999_999_999_999_999).ToString(CultureInfo.InvariantCulture)));
                errors.Add(ElasticsearchCardinality.Estimate(fingerprints, p) - size);
            }
            var wrong = errors.Count(e => e != 0);
            output.WriteLine($"{size} cards a day, {days} days: {wrong} days off ({100.0 * wrong / days:0.0} %), errors {errors.Min()}..{errors.Max()}, mean {errors.Average():0.00}");
            Assert.InRange(errors.Max(e => Math.Abs(e)), 0, maxError);
        }
    }
}

/// <summary>
/// Elasticsearch's cardinality aggregation below its precision threshold (linear counting), as its source does it:
/// a keyword's term bytes hashed with MurmurHash3 x64 128 (seed 0), the h1 half kept (CardinalityAggregator's ordinals
/// collector: <c>MurmurHash3.hash128(value.bytes, value.offset, value.length, 0, hash); hashes.set(ord, hash.h1)</c>);
/// each hash encoded into 32 bits from its top 25 bits (AbstractLinearCounting.encodeHash, P2 = 25); the set of distinct
/// encoded values counted; the count given as <c>round(m·ln(m/(m−n)))</c> with m = 2^25 (AbstractLinearCounting.cardinality,
/// AbstractCardinalityAlgorithm.linearCounting). precision from precision_threshold: HyperLogLogPlusPlus.precisionFromThreshold.
/// All in elastic/elasticsearch server/src/main/java/org/elasticsearch/search/aggregations/metrics/.
/// </summary>
internal static class ElasticsearchCardinality
{
    private const int P2 = 25;

    public static int PrecisionFromThreshold(long count)
    {
        var entries = (long)Math.Ceiling(count / 0.75f);
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(entries * 4)); // PackedInts.bitsRequired
        return Math.Clamp(bits, 4, 18);
    }

    public static long Estimate(IEnumerable<string> keywords, int precision)
    {
        var encoded = new HashSet<int>();
        foreach (var k in keywords) encoded.Add(EncodeHash((long)Murmur3(Encoding.UTF8.GetBytes(k)).H1, precision));
        const long m = 1L << P2;
        return (long)Math.Round(m * Math.Log((double)m / (m - encoded.Count)), MidpointRounding.AwayFromZero);
    }

    public static int EncodeHash(long hash, int p)
    {
        var e = (long)((ulong)hash >> (64 - P2));
        long encoded;
        if ((e & ((1L << (P2 - p)) - 1)) == 0)
        {
            var runLen = 1 + Math.Min(System.Numerics.BitOperations.LeadingZeroCount((ulong)(hash << P2)), 64 - P2);
            encoded = (e << 7) | ((long)runLen << 1) | 1;
        }
        else encoded = e << 1;
        return (int)encoded;
    }

    public static (ulong H1, ulong H2) Murmur3(byte[] data, ulong seed = 0)
    {
        const ulong c1 = 0x87c37b91114253d5UL, c2 = 0x4cf5ad432745937fUL;
        ulong h1 = seed, h2 = seed;
        var blocks = data.Length / 16;
        for (var i = 0; i < blocks; i++)
        {
            ulong k1 = BitConverter.ToUInt64(data, i * 16), k2 = BitConverter.ToUInt64(data, i * 16 + 8);
            k1 *= c1; k1 = ulong.RotateLeft(k1, 31); k1 *= c2; h1 ^= k1; h1 = ulong.RotateLeft(h1, 27); h1 += h2; h1 = h1 * 5 + 0x52dce729;
            k2 *= c2; k2 = ulong.RotateLeft(k2, 33); k2 *= c1; h2 ^= k2; h2 = ulong.RotateLeft(h2, 31); h2 += h1; h2 = h2 * 5 + 0x38495ab5;
        }
        ulong t1 = 0, t2 = 0;
        int tail = blocks * 16, rest = data.Length & 15;
        for (var i = rest - 1; i >= 8; i--) t2 ^= (ulong)data[tail + i] << ((i - 8) * 8);
        if (rest > 8) { t2 *= c2; t2 = ulong.RotateLeft(t2, 33); t2 *= c1; h2 ^= t2; }
        for (var i = Math.Min(rest, 8) - 1; i >= 0; i--) t1 ^= (ulong)data[tail + i] << (i * 8);
        if (rest > 0) { t1 *= c1; t1 = ulong.RotateLeft(t1, 31); t1 *= c2; h1 ^= t1; }
        h1 ^= (ulong)data.Length; h2 ^= (ulong)data.Length;
        h1 += h2; h2 += h1;
        h1 = Mix(h1); h2 = Mix(h2);
        h1 += h2; h2 += h1;
        return (h1, h2);
    }

    private static ulong Mix(ulong k)
    {
        k ^= k >> 33; k *= 0xff51afd7ed558ccdUL; k ^= k >> 33; k *= 0xc4ceb9fe1a85ec53UL; k ^= k >> 33;
        return k;
    }
}
