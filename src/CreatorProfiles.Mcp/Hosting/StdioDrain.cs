using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Hosting;

/// <summary>
/// Makes end of input on stdin mean "answer what you were asked, then stop". The SDK ends the session as soon as its
/// read returns end of input, cancelling requests still in flight, so a client that writes its requests and closes
/// stdin (<c>printf '...' | server</c>) got no answer at all. <see cref="Input"/> wraps stdin and holds end of input
/// back until every line read has reached the server (<see cref="Incoming"/>) and every request among them has its
/// response or error written (<see cref="Outgoing"/>), for at most <see cref="MaxWait"/>. SIGTERM ends input the same
/// way (<see cref="EndInput"/>), so calls in flight finish instead of being cancelled.
/// </summary>
internal sealed class StdioDrain
{
    /// <summary>Longer than one tool call can take (Directus requests time out after 30 s in all).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(35);

    private int _linesRead;
    private int _messagesSeen;
    private int _requests;
    private int _answers;

    private readonly TaskCompletionSource _endRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StdioDrain(Stream stdin, Stream stdout, TimeProvider clock)
    {
        Output = new StdoutLines(stdout);
        Input = new StdinLines(stdin, this, clock);
    }

    /// <summary>stdin for the stream transport.</summary>
    public Stream Input { get; }

    /// <summary>stdout for the stream transport.</summary>
    public StdoutLines Output { get; }

    /// <summary>Completes when <see cref="EndInput"/> is called.</summary>
    public Task EndRequested => _endRequested.Task;

    /// <summary>One more non-blank line was read from stdin.</summary>
    public void LineRead() => Interlocked.Increment(ref _linesRead);

    /// <summary>Ends input as if stdin had closed (SIGTERM): what was asked is still answered, then the server stops.</summary>
    public void EndInput() => _endRequested.TrySetResult();

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

    /// <summary>A JSON line that is not a JSON-RPC message may never reach the message filters: once the server has
    /// seen messages and answered every request it saw, lines still unseen after this long are taken as such.</summary>
    private static readonly TimeSpan UnseenLineGrace = TimeSpan.FromSeconds(5);

    private bool Answered => Volatile.Read(ref _answers) >= Volatile.Read(ref _requests);

    public async Task WaitUntilSettledAsync(TimeProvider clock, CancellationToken cancellationToken)
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

            if (Answered && (seenNow >= Volatile.Read(ref _linesRead) || (seenNow > 0 && now - seenChangedAt >= UnseenLineGrace)))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), clock, cancellationToken);
        }
    }
}
