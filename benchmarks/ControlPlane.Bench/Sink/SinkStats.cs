using System.Text.Json;

namespace ControlPlane.Bench;

/// <summary>
/// What the sink received, as <c>GET _bench/stats</c> answers it: requests by kind, and per index what was written.
/// The bench checks the loader's work with it (every row exactly once) and reports the fraud check's requests.
/// </summary>
public sealed class SinkStats
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public long BulkRequests { get; set; }
    public long BulkItems { get; set; }
    /// <summary><c>_search</c> requests by the alias (or index) searched.</summary>
    public Dictionary<string, long> Searches { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Hits returned by those searches, by the alias (or index) searched.</summary>
    public Dictionary<string, long> SearchHits { get; set; } = new(StringComparer.Ordinal);
    public long Refreshes { get; set; }
    public long DocumentReads { get; set; }
    public long DocumentWrites { get; set; }
    public long TransformsScheduled { get; set; }
    public SinkIndexStats Sales { get; set; } = new();
    public SinkIndexStats FraudSales { get; set; } = new();
    public SinkIndexStats DeadLetters { get; set; } = new();
    /// <summary>CPU time the sink process used so far, in seconds: its share of the machine during a bench.</summary>
    public double CpuSeconds { get; set; }
    /// <summary>The sink process's own peak resident memory (MiB), when the system reports it.</summary>
    public long? PeakRssMb { get; set; }

    public long SearchesOf(string index) => Searches.GetValueOrDefault(index);

    public long TotalSearches => Searches.Values.Sum();

    public long HitsOf(string index) => SearchHits.GetValueOrDefault(index);
}
