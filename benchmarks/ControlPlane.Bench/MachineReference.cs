using System.Diagnostics;
using System.Globalization;
using ControlPlane.Loading;

namespace ControlPlane.Bench;

/// <summary>
/// The same CPU work every run, timed before the load: card fingerprints (HMAC-SHA256, the loader's own code) of a fixed
/// set of numbers. This machine's speed drifts with its host's load (docs/benchmark.md, "The machine's speed drifts"):
/// two runs' CPU figures compare through it.
/// </summary>
public static class MachineReference
{
    public const int Fingerprints = 200_000;

    /// <summary>CPU and wall milliseconds for <see cref="Fingerprints"/> fingerprints (the process is otherwise idle then: its CPU is this loop's).</summary>
    public static (double CpuMs, double WallMs) Measure()
    {
        var fingerprints = CardFingerprint.Create("bench-reference-key");
        var numbers = Enumerable.Range(0, 1_000).Select(i => (4_000_000_000_000_000L + i * 7_919L).ToString(CultureInfo.InvariantCulture)).ToArray();
        for (var i = 0; i < 2_000; i++) fingerprints.Fingerprint(numbers[i % numbers.Length]); // warm up: JIT and OpenSSL
        var cpu = ProcessMemory.CpuSeconds();
        var wall = Stopwatch.GetTimestamp();
        for (var i = 0; i < Fingerprints; i++) fingerprints.Fingerprint(numbers[i % numbers.Length]);
        return ((ProcessMemory.CpuSeconds() - cpu) * 1000, Stopwatch.GetElapsedTime(wall).TotalMilliseconds);
    }
}
