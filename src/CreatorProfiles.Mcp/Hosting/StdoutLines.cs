namespace CreatorProfiles.Mcp.Hosting;

/// <summary>
/// stdout as the stream transport writes it, passed on one whole line at a time, so that a line of our own (the answer
/// to an oversized request, <see cref="WriteLine"/>) can never land inside a message the SDK is still writing.
/// </summary>
internal sealed class StdoutLines(Stream inner) : Stream
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _partial = new();
    private readonly Queue<byte[]> _waiting = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Writes <paramref name="line"/> (UTF-8, ending in a line break) now, or right after the message being written.</summary>
    public void WriteLine(byte[] line)
    {
        lock (_gate)
        {
            if (_partial.Length == 0)
            {
                inner.Write(line);
                inner.Flush();
            }
            else
            {
                _waiting.Enqueue(line);
            }
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            while (buffer.IndexOf((byte)'\n') is var end and >= 0)
            {
                _partial.Write(buffer[..(end + 1)]);
                inner.Write(_partial.GetBuffer().AsSpan(0, (int)_partial.Length));
                _partial.SetLength(0);
                while (_waiting.TryDequeue(out var line))
                {
                    inner.Write(line);
                }

                buffer = buffer[(end + 1)..];
            }

            _partial.Write(buffer);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
        lock (_gate)
        {
            inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _partial.Dispose();
        }

        base.Dispose(disposing);
    }
}
