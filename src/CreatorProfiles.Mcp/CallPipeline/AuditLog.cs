using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CreatorProfiles.Mcp.CallPipeline;

/// <summary>
/// The audit sink: one JSON line per security-relevant event (tool calls, resource reads, subscriptions, listen
/// streams, credentials entry page requests, credential endpoint calls, maintenance commands), kept apart from the
/// diagnostic log. AUDIT_LOG names a file the lines are appended to; without it they go to stderr prefixed "audit "
/// (stdout belongs to the stdio transport). Every string is bounded (<see cref="MaxFieldLength"/>) and written through
/// the JSON writer's default encoder, which escapes every control, line-break and non-ASCII character, so no field
/// can break or forge a line.
/// </summary>
internal sealed class AuditLog : IDisposable
{
    /// <summary>Longest string field, in UTF-16 code units, before <see cref="TruncatedMarker"/>.</summary>
    public const int MaxFieldLength = 200;

    public const string TruncatedMarker = "…[truncated]";

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

    /// <summary>Writes <paramref name="line"/> with the time since <paramref name="startedTimestamp"/> (a
    /// <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void Write(AuditLine line, long startedTimestamp)
    {
        var text = _prefix + Format(line, _time.GetUtcNow(), Stopwatch.GetElapsedTime(startedTimestamp));
        lock (_lock)
        {
            _writer.WriteLine(text);
        }
    }

    /// <summary>The JSON of one line (no line break), fields in a fixed order, absent ones left out.</summary>
    public static string Format(AuditLine line, DateTimeOffset at, TimeSpan duration)
    {
        var buffer = new ArrayBufferWriter<byte>(384);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("at", at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("transport", Bounded(line.Transport));
            json.WriteString("caller", Bounded(line.Caller));
            WriteOptional(json, "client", line.Client);
            WriteOptional(json, "request_id", line.RequestId);
            json.WriteString("action", Bounded(line.Action));
            WriteOptional(json, "target", line.Target);
            WriteOptional(json, "job", line.Job);
            WriteOptional(json, "key_fingerprint", line.KeyFingerprint);
            if (line.Created.Count > 0)
            {
                json.WriteStartObject("created");
                foreach (var (kind, id) in line.Created)
                {
                    json.WriteString(Bounded(kind), Bounded(id));
                }

                json.WriteEndObject();
            }

            if (line.Profiles.Count > 0)
            {
                json.WriteStartArray("profiles");
                foreach (var profile in line.Profiles)
                {
                    json.WriteStringValue(Bounded(profile));
                }

                json.WriteEndArray();
            }

            if (line.Rows is { } rows)
            {
                json.WriteNumber("rows_changed", rows.Changed);
                json.WriteNumber("rows_skipped", rows.Skipped);
                json.WriteNumber("rows_failed", rows.Failed);
                json.WriteBoolean("dry_run", rows.DryRun);
            }

            json.WriteString("outcome", Bounded(line.Outcome));
            json.WriteNumber("duration_ms", Math.Round(duration.TotalMilliseconds, 1));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// <paramref name="value"/> cut to <see cref="MaxFieldLength"/> code units (never inside a surrogate pair) plus
    /// <see cref="TruncatedMarker"/>, with a lone surrogate (which has no UTF-8 form) replaced by U+FFFD. Line breaks
    /// and control characters stay: the encoder escapes them.
    /// </summary>
    public static string Bounded(string value)
    {
        var cut = value.Length <= MaxFieldLength ? value.Length : char.IsHighSurrogate(value[MaxFieldLength - 1]) ? MaxFieldLength - 1 : MaxFieldLength;
        var builder = new StringBuilder(cut + TruncatedMarker.Length);
        for (var i = 0; i < cut; i++)
        {
            var c = value[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < cut && char.IsLowSurrogate(value[i + 1])
                : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(value[i - 1]));
            builder.Append(paired ? c : '\uFFFD');
        }

        return cut < value.Length ? builder.Append(TruncatedMarker).ToString() : builder.ToString();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, Bounded(value));
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
