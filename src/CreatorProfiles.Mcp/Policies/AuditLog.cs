using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CreatorProfiles.Mcp.Policies;

/// <summary>One audited action: who did what to which profile, how it ended and how long it took. Never argument
/// values: the target is an id the server has already checked is a uuid, or nothing.</summary>
internal sealed record AuditEntry(DateTimeOffset At, string Caller, string Action, string? Target, string Outcome, double DurationMs);

/// <summary>
/// The audit sink: one JSON line per tool call or credential endpoint call, kept apart from the diagnostic log.
/// AUDIT_LOG names a file the lines are appended to; without it they go to stderr prefixed "audit " (stdout belongs
/// to the stdio transport).
/// </summary>
internal sealed class AuditLog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TextWriter _writer;
    private readonly string _prefix;

    public AuditLog(string? path)
    {
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

    public void Write(AuditEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("at", entry.At.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("caller", entry.Caller);
            json.WriteString("action", entry.Action);
            if (entry.Target is not null)
            {
                json.WriteString("target", entry.Target);
            }

            json.WriteString("outcome", entry.Outcome);
            json.WriteNumber("duration_ms", Math.Round(entry.DurationMs, 1));
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
