using CreatorProfiles.Mcp.Tools;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CreatorProfiles.Mcp.Hosting;

/// <summary>
/// One line per log entry, in the console logger's single-line format
/// (<c>12:00:00.000 info: Category[0] message</c>, UTC), written to stderr: stdout belongs to the stdio transport.
/// Hand-written because Microsoft.Extensions.Logging.Console (three formatters, their options monitors and a queue
/// thread, all built by the Native AOT type loader at start-up) cost about 8 ms of the 50 ms cold-start budget
/// (docs/performance.md) for the one format used here. Levels and filters still come from the logging builder.
/// </summary>
internal sealed class StderrLoggerProvider(TextWriter output, TimeProvider clock) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new StderrLogger(categoryName, output, clock);

    public void Dispose()
    {
    }

    /// <summary>The text of an entry on one line: a line break would start what reads as another entry.</summary>
    internal static string OneLine(string text) =>
        text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            ? text.ReplaceLineEndings(" ")
            : text;

    /// <summary>The SDK logs the tool name a request gave ("{ToolName}" threw ...) whether or not such a tool exists:
    /// a made-up name is written only as <see cref="EchoedName"/> shows it (64 characters, no invisible ones).</summary>
    internal static string WithNamesEchoed<TState>(TState state, string message)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                if (key == "ToolName" && value is string name && EchoedName.Of(name) is var shown && shown != name)
                {
                    message = message.Replace(name, shown, StringComparison.Ordinal);
                }
            }
        }

        return message;
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class StderrLogger(string category, TextWriter output, TimeProvider clock) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = new StringBuilder(128)
                .Append(clock.GetUtcNow().UtcDateTime.ToString("HH:mm:ss.fff ", CultureInfo.InvariantCulture))
                .Append(Level(logLevel)).Append(": ").Append(category)
                .Append('[').Append(eventId.Id.ToString(CultureInfo.InvariantCulture)).Append("] ")
                .Append(OneLine(WithNamesEchoed(state, formatter(state, exception))));
            if (exception is not null)
            {
                line.Append(' ').Append(OneLine(exception.ToString()));
            }

            output.WriteLine(line.ToString()); // Console.Error is synchronized: lines from threads never interleave
        }
    }
}
