using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace CreatorProfiles.Mcp.CallPipeline;

/// <summary>
/// The audit sink: one JSON line per tool call, resource read, subscribe or listen, and credential endpoint call, kept
/// apart from the diagnostic log.
/// AUDIT_LOG names a file the lines are appended to; without it they go to stderr prefixed "audit " (stdout belongs
/// to the stdio transport).
/// </summary>
internal sealed class AuditLog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TextWriter _writer;
    private readonly string _prefix;
    private readonly TimeProvider _time;

    public AuditLog(string? path, TimeProvider time)
    {
        _time = time;
        if (path is null)
        {
            _writer = Console.Error;
            _prefix = "audit ";
        }
        else
        {
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
            _prefix = "";
        }
    }

    /// <summary>The id an audit line names: <paramref name="id"/> when it is a uuid (lower-case), else nothing. Never
    /// any other argument value.</summary>
    public static string? Target(string? id) => Guid.TryParseExact(id?.Trim(), "D", out var uuid) ? uuid.ToString("D") : null;

    /// <summary>One line: who did what to which profile, how it ended, and the time since <paramref name="startedTimestamp"/>
    /// (a <see cref="Stopwatch.GetTimestamp"/>); a credentials decrypt also names the media job it was for.</summary>
    public void Write(string caller, string action, string? target, string outcome, long startedTimestamp, string? job = null)
    {
        var durationMs = Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("at", _time.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("caller", caller);
            json.WriteString("action", action);
            if (target is not null)
            {
                json.WriteString("target", target);
            }

            if (job is not null)
            {
                json.WriteString("job", job);
            }

            json.WriteString("outcome", outcome);
            json.WriteNumber("duration_ms", Math.Round(durationMs, 1));
            json.WriteEndObject();
        }

        var line = _prefix + Encoding.UTF8.GetString(buffer.WrittenSpan);
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose()
    {
        if (!ReferenceEquals(_writer, Console.Error))
        {
            _writer.Dispose();
        }
    }
}
