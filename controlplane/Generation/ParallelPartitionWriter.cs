using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace ControlPlane.Generation;

/// <summary>
/// Writes the partitions over N connections: each worker takes the next partition, generates it, and writes its rows
/// and labels in one transaction. Keys are fixed by the plan, so the order in which workers finish changes nothing.
/// The first failure cancels the other workers and is reported with the partition it hit.
/// </summary>
internal sealed class ParallelPartitionWriter(SalesWorld world, ISaleRowWriter writer, TimeProvider time, ILogger logger)
{
    /// <summary>Rows, planted fraud and bad rows written per source.</summary>
    public sealed record Counts(long[] Rows, long[] PlantedFraud, long[] Bad);

    public async Task<Counts> RunAsync(string connectionString, IReadOnlyList<Partition> partitions, int connections, Action<int> written, CancellationToken ct)
    {
        var counts = new Counts(new long[world.Sources.Length], new long[world.Sources.Length], new long[world.Sources.Length]);
        var queue = new ConcurrentQueue<Partition>(partitions.Where(p => p.TotalRows > 0));
        var formatters = world.Sources.Select(s => new SaleRowFormatter(world, s)).ToArray();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Task.Run: generating a partition is CPU work, so the workers start on pool threads rather than the caller's.
        var workers = Enumerable.Range(0, Math.Min(connections, Math.Max(1, queue.Count)))
            .Select(_ => Task.Run(() => WorkAsync(connectionString, queue, formatters, counts, written, failed), CancellationToken.None))
            .ToArray();
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Report the failure that caused the others to stop, not their cancellations.
            var first = workers.Select(w => w.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException);
            if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            throw;
        }
        return counts;
    }

    private async Task WorkAsync(string connectionString, ConcurrentQueue<Partition> queue, SaleRowFormatter[] formatters, Counts counts, Action<int> written, CancellationTokenSource failed)
    {
        var ct = failed.Token;
        try
        {
            await using var connection = await GenerationSession.OpenAsync(connectionString, ct).ConfigureAwait(false);
            while (queue.TryDequeue(out var partition))
            {
                ct.ThrowIfCancellationRequested();
                await WritePartitionAsync(connection, partition, formatters[partition.Source], counts, written, ct).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task WritePartitionAsync(MySqlConnection connection, Partition partition, SaleRowFormatter formatter, Counts counts, Action<int> written, CancellationToken ct)
    {
        var source = world.Sources[partition.Source];
        var day = source.FirstDay.AddDays(partition.Day);
        var lastKey = partition.FirstId + partition.TotalRows - 1;
        var started = time.GetTimestamp();
        var rows = PartitionGenerator.Generate(world, partition);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await writer.WriteAsync(connection, transaction, formatter, rows, partition.FirstId, written, ct).ConfigureAwait(false);
            var (fraud, bad) = await LabelTables.WriteAsync(connection, transaction, formatter, source, partition, rows, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            Interlocked.Add(ref counts.Rows[partition.Source], rows.Length);
            Interlocked.Add(ref counts.PlantedFraud[partition.Source], fraud);
            Interlocked.Add(ref counts.Bad[partition.Source], bad);
        }
        catch (MySqlException ex)
        {
            throw new InvalidOperationException(
                $"writing {source.Name} sales of {day:yyyy-MM-dd} (keys {partition.FirstId}–{lastKey}) into table {source.Definition.Table} failed: {ex.Message}", ex);
        }
        logger.PartitionWritten(rows.Length, source.Name, day, partition.FirstId, lastKey, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }
}
