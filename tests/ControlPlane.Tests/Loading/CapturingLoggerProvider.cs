using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Tests.Loading;

/// <summary>Keeps every log line (message and exception text) so tests can read what a run logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    /// <summary>Raised for every line as it is logged, on the logging thread (lets a test react to what the code under test does).</summary>
    public event Action<string>? Logged;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}: {formatter(state, exception)}";
            // Structured values too: a raw value could hide in a property that the message does not print.
            if (state is IEnumerable<KeyValuePair<string, object?>> values) line += " | " + string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"));
            if (exception is not null) line += " | " + exception;
            owner._lines.Enqueue(line);
            owner.Logged?.Invoke(line);
        }
    }
}
