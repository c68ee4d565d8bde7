using System.Globalization;
using System.Runtime;

namespace ControlPlane.Bench;

/// <summary>
/// This process's resident memory as Linux reports it in <c>/proc/self/status</c>: <c>VmRSS</c> now and <c>VmHWM</c>, the
/// peak since start or since the last reset through <c>/proc/self/clear_refs</c>. Elsewhere the figures are unknown (null).
/// </summary>
public static class ProcessMemory
{
    private const string Status = "/proc/self/status";
    private const string ClearRefs = "/proc/self/clear_refs";

    /// <summary>Peak resident set size in MiB (VmHWM), or null when the system does not report it.</summary>
    public static long? PeakRssMb() => ReadKb("VmHWM:") / 1024;

    /// <summary>Resident set size now in MiB (VmRSS), or null when the system does not report it.</summary>
    public static long? RssMb() => ReadKb("VmRSS:") / 1024;

    /// <summary>CPU time this process used so far (user and system), in seconds.</summary>
    public static double CpuSeconds()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>
    /// Gives back what the previous phase left (a full, compacting collection) and restarts the peak from the current
    /// resident size (<c>echo 5 &gt; /proc/self/clear_refs</c>). Returns null when it worked, else why not.
    /// </summary>
    public static string? CollectAndResetPeak()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        if (!File.Exists(ClearRefs)) return $"{ClearRefs} does not exist on this system";
        try
        {
            File.WriteAllText(ClearRefs, "5");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"writing 5 to {ClearRefs} failed: {ex.Message}";
        }
    }

    private static long? ReadKb(string field)
    {
        if (!File.Exists(Status)) return null;
        foreach (var line in File.ReadLines(Status))
        {
            if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
            // "VmHWM:	  123456 kB"
            var digits = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return long.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb : null;
        }
        return null;
    }
}
