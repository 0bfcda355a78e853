using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace CpqSync.Tests.Support;

/// <summary>
/// What an in-process <c>serve</c> logs, one line per event as its console shows them (<c>warn: Category[id] message</c>),
/// for a test to read as the operator reads the console: the first-run set-up code above all.
/// </summary>
internal sealed partial class ServeLog : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The one-time set-up code <c>serve</c> printed at start-up (no admin account yet), read off its log line.</summary>
    /// <exception cref="InvalidOperationException">Nothing like it was logged.</exception>
    public string SetupCode =>
        Lines.Select(l => SetupCodeLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value
        ?? throw new InvalidOperationException("serve logged no set-up code:\n" + string.Join('\n', Lines));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    [GeneratedRegex(@"one-time set-up code (\S+)")]
    private static partial Regex SetupCodeLine();

    private sealed class Logger(ServeLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{logLevel.ToString().ToLowerInvariant()[..4]}: {category}[{eventId.Id}] {formatter(state, exception)}";
            lock (log._lines)
            {
                log._lines.Add(line);
            }
        }
    }
}
