using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Hosting;

/// <summary>
/// Makes end of input on stdin mean "answer what you were asked, then stop". The SDK ends the session as soon as its
/// read returns end of input, cancelling requests still in flight, so a client that writes its requests and closes
/// stdin (<c>printf '...' | server</c>) got no answer at all. <see cref="Input"/> wraps stdin and holds end of input
/// back until every line read has reached the server (<see cref="Incoming"/>) and every request among them has its
/// response or error written (<see cref="Outgoing"/>), for at most <see cref="MaxWait"/>.
/// </summary>
internal sealed class StdioDrain
{
    /// <summary>Longer than one tool call can take (Directus requests time out after 30 s in all).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(35);

    private int _linesRead;
    private int _messagesSeen;
    private int _requests;
    private int _answers;

    public StdioDrain(Stream stdin, TimeProvider clock) => Input = new DrainingStream(stdin, this, clock);

    /// <summary>stdin for the stream transport.</summary>
    public Stream Input { get; }

    /// <summary>Incoming message filter: counts every message that reached the server, and the requests among them.</summary>
    public McpMessageHandler Incoming(McpMessageHandler next) => (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcRequest)
        {
            Interlocked.Increment(ref _requests);
        }

        Interlocked.Increment(ref _messagesSeen);
        return next(context, cancellationToken);
    };

    /// <summary>Outgoing message filter: counts the answers once they are written.</summary>
    public McpMessageHandler Outgoing(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        await next(context, cancellationToken);
        if (context.JsonRpcMessage is JsonRpcResponse or JsonRpcError)
        {
            Interlocked.Increment(ref _answers);
        }
    };

    /// <summary>A line that is not JSON never reaches the server (the SDK skips it), so once every request seen is
    /// answered, lines still unseen after this long are taken as such.</summary>
    private static readonly TimeSpan UnseenLineGrace = TimeSpan.FromMilliseconds(500);

    private bool Answered => Volatile.Read(ref _answers) >= Volatile.Read(ref _requests);

    private async Task WaitUntilSettledAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + MaxWait;
        var seen = Volatile.Read(ref _messagesSeen);
        var seenChangedAt = clock.GetUtcNow();
        while (clock.GetUtcNow() < deadline)
        {
            var now = clock.GetUtcNow();
            var seenNow = Volatile.Read(ref _messagesSeen);
            if (seenNow != seen)
            {
                (seen, seenChangedAt) = (seenNow, now);
            }

            if (Answered && (seenNow >= Volatile.Read(ref _linesRead) || now - seenChangedAt >= UnseenLineGrace))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), clock, cancellationToken);
        }
    }

    /// <summary>stdin as read by the transport: counts the non-blank lines (one JSON-RPC message each) and delays end
    /// of input until the drain has settled.</summary>
    private sealed class DrainingStream(Stream inner, StdioDrain drain, TimeProvider clock) : Stream
    {
        private bool _lineHasText;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                Count(buffer.Span[..read]);
                return read;
            }

            if (_lineHasText)
            {
                _lineHasText = false; // a last line without a line break is a message too
                Interlocked.Increment(ref drain._linesRead);
            }

            await drain.WaitUntilSettledAsync(clock, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        private void Count(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                if (b == (byte)'\n')
                {
                    if (_lineHasText)
                    {
                        Interlocked.Increment(ref drain._linesRead);
                    }

                    _lineHasText = false;
                }
                else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    _lineHasText = true;
                }
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
            }

            base.Dispose(disposing);
        }
    }
}
