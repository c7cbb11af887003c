using System.Text.Json;

namespace CreatorProfiles.Mcp.Hosting;

/// <summary>
/// stdin as the stream transport reads it, one whole line (one JSON-RPC message) at a time: counts the non-blank lines
/// for <see cref="StdioDrain"/>; a line longer than <see cref="OversizedMessage.MaxLineBytes"/> never reaches the
/// transport (the client gets our error instead, and the rest of the line is skipped unread); an escaped lone surrogate
/// is made a replacement character (<see cref="LoneSurrogateEscapes"/>); end of input comes when
/// stdin closes or <see cref="StdioDrain.EndInput"/> is called, once the drain has settled.
/// </summary>
internal sealed class StdinLines(Stream inner, StdioDrain drain, TimeProvider clock) : Stream
{
    /// <summary>How long a read may take, once input was ended, to still count as data the client wrote before.</summary>
    private static readonly TimeSpan PipeGrace = TimeSpan.FromMilliseconds(200);

    private readonly byte[] _chunk = new byte[64 * 1024];
    private Task<int>? _pendingRead;
    private readonly MemoryStream _line = new();
    private readonly MemoryStream _ready = new();
    private int _readyOffset;
    private bool _skippingToLineEnd;
    private bool _ended;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_readyOffset == _ready.Length && !_ended)
        {
            // stdin's own read may block a thread: race it with EndInput rather than wait for it. Once input is ended,
            // what the client wrote before is still in the pipe and is read at once: a read that takes longer ends input.
            _pendingRead ??= Task.Run(async () => await inner.ReadAsync(_chunk, cancellationToken), cancellationToken);
            var inGrace = drain.EndRequested.IsCompleted;
            var deadline = inGrace ? Task.Delay(PipeGrace, clock, cancellationToken) : drain.EndRequested;
            if (await Task.WhenAny(_pendingRead, deadline) != _pendingRead && !_pendingRead.IsCompleted)
            {
                if (inGrace)
                {
                    _ended = true;
                    EndLine();
                    break;
                }

                continue; // input was just ended: wait once more, for the grace period
            }

            var count = await _pendingRead;
            _pendingRead = null;
            if (count == 0)
            {
                _ended = true;
                EndLine(); // a last line without a line break is a message too
                break;
            }

            _ready.SetLength(0);
            _readyOffset = 0;
            Take(_chunk.AsSpan(0, count));
        }

        if (_readyOffset < _ready.Length)
        {
            var count = (int)Math.Min(buffer.Length, _ready.Length - _readyOffset);
            _ready.GetBuffer().AsSpan(_readyOffset, count).CopyTo(buffer.Span);
            _readyOffset += count;
            return count;
        }

        await drain.WaitUntilSettledAsync(clock, cancellationToken);
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <summary>Moves whole lines to what the transport gets; an oversized line is answered and dropped.</summary>
    private void Take(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)'\n');
            var part = end < 0 ? bytes : bytes[..end];
            if (!_skippingToLineEnd)
            {
                if (_line.Length + part.Length > OversizedMessage.MaxLineBytes)
                {
                    drain.Output.WriteLine(OversizedMessage.ErrorLine(_line.GetBuffer().AsSpan(0, (int)Math.Min(_line.Length, OversizedMessage.PrefixBytes))));
                    _line.SetLength(0);
                    _skippingToLineEnd = true;
                }
                else
                {
                    _line.Write(part);
                }
            }

            if (end < 0)
            {
                return;
            }

            _skippingToLineEnd = false;
            EndLine();
            bytes = bytes[(end + 1)..];
        }
    }

    private void EndLine()
    {
        var line = _line.GetBuffer().AsSpan(0, (int)_line.Length);
        if (line.IndexOfAnyExcept(" \t\r"u8) >= 0)
        {
            LoneSurrogateEscapes.ReplaceInPlace(line);
            if (IsJsonObject(line))
            {
                drain.LineRead(); // the transport skips a line that is not JSON: only the others are waited for
            }

            _ready.Write(line);
            _ready.WriteByte((byte)'\n');
        }

        _line.SetLength(0);
    }

    private static bool IsJsonObject(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _line.Dispose();
            _ready.Dispose();
        }

        base.Dispose(disposing);
    }
}
