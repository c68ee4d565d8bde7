using MySqlConnector;

namespace ControlPlane.Loading;

/// <summary>
/// The change reader's MySQL connection, which it may lose: a <c>KILL CONNECTION</c>, a server restart, a network cut or
/// a query that timed out. A page is one keyset query from a known key, so a failed page is simply asked again on a fresh
/// connection, with the run's backoff (<see cref="RetryBudget"/>) until the run's deadline. Errors that a retry cannot
/// fix (a missing table or column, a syntax or privilege error) are not retried.
/// </summary>
public sealed class ReaderConnection(MySqlConnection connection, string? connectionString = null, string? sessionTimeZone = null, RetryBudget? retries = null,
    TimeProvider? time = null, Action<string, int, TimeSpan>? retrying = null) : IAsyncDisposable
{
    // ER_BAD_FIELD_ERROR, ER_NO_SUCH_TABLE, ER_PARSE_ERROR, ER_TABLEACCESS_DENIED_ERROR, ER_ACCESS_DENIED_ERROR, ER_BAD_DB_ERROR
    private static readonly HashSet<int> Permanent = [1054, 1146, 1064, 1142, 1045, 1049];

    public MySqlConnection Current { get; private set; } = connection;

    /// <summary>Runs <paramref name="read"/>; after a transient MySQL failure, reopens the connection and runs it again.</summary>
    public async Task<T> RunAsync<T>(Func<MySqlConnection, CancellationToken, Task<T>> read, string what, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Current.State != System.Data.ConnectionState.Open) await ReopenAsync(ct).ConfigureAwait(false);
                return await read(Current, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (connectionString is not null && retries is not null && !ct.IsCancellationRequested && IsTransient(ex))
            {
                var reason = (ex.InnerException as MySqlException ?? ex).Message;
                var delay = retries.NextDelay(attempt, what, $"MySQL: {reason}");
                retrying?.Invoke(reason, attempt, delay);
                await Current.DisposeAsync().ConfigureAwait(false); // a half-dead connection goes; the next attempt opens a new one
                if (delay > TimeSpan.Zero) await Task.Delay(delay, time ?? TimeProvider.System, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task ReopenAsync(CancellationToken ct)
    {
        MySqlConnection.ClearPool(Current); // pooled siblings of a killed connection are dead too (a restart kills them all)
        Current = await ChangeReader.OpenAsync(connectionString!, ct, sessionTimeZone).ConfigureAwait(false);
    }

    private static bool IsTransient(Exception ex) => (ex as MySqlException ?? ex.InnerException as MySqlException) switch
    {
        { } mysql => !Permanent.Contains(mysql.Number) && !Permanent.Contains(InnerNumber(mysql)),
        null => ex is TimeoutException || ex.InnerException is TimeoutException or System.IO.IOException or System.Net.Sockets.SocketException,
    };

    private static int InnerNumber(MySqlException ex) => ex.InnerException is MySqlException inner ? inner.Number : 0;

    public ValueTask DisposeAsync() => Current.DisposeAsync();
}
