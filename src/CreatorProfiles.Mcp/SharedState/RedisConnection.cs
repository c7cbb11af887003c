using System.Globalization;
using System.Net.Sockets;
using System.Text;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using Microsoft.Extensions.Logging;

namespace CreatorProfiles.Mcp.SharedState;

/// <summary>
/// The one connection this replica keeps to Redis: a minimal RESP2 client for the few commands the shared state needs
/// (PING, EVAL, SET NX, GET, HGETALL, LRANGE, DEL). Commands are sent one at a time; a failure drops the connection and the next command
/// reconnects, but not before <see cref="RetryAfterFailure"/> has passed: meanwhile commands fail at once, so an
/// unreachable Redis costs a caller at most <see cref="Timeout"/> once, and the log one line per period.
/// Written here rather than taken from a client library: a handful of commands, no pub/sub, and nothing to check for Native AOT.
/// </summary>
internal sealed class RedisConnection(RedisEndpoint endpoint, TimeProvider time, ILogger<RedisConnection> logger) : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private TcpClient? _client;
    private RespReader? _reader;
    private DateTimeOffset _failedAt = DateTimeOffset.MinValue;
    private string _lastFailure = "";

    public RedisEndpoint Endpoint => endpoint;

    /// <summary>Sends one command and reads its reply: a string, a long, null, or an object[] of those.</summary>
    /// <exception cref="RedisUnavailableException">Redis did not answer in time, refused the connection or returned an error.</exception>
    public async Task<object?> ExecuteAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        waiting.CancelAfter(Timeout);
        try
        {
            await _gate.WaitAsync(waiting.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RedisUnavailableException("busy for longer than the command timeout");
        }

        // Once sent, a command runs to its reply (or the timeout) whether its caller still waits or not: a caller that
        // gives up (an aborted request, a cancelled call) leaves the connection in step, so it can neither make the next
        // command read its reply nor make this replica reconnect at will.
        return await SendAsync(command).WaitAsync(cancellationToken);
    }

    /// <summary>One command on the connection, under <see cref="_gate"/> (released here).</summary>
    private async Task<object?> SendAsync(IReadOnlyList<string> command)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            if (_client is null && time.GetUtcNow() - _failedAt < RetryAfterFailure)
            {
                throw new RedisUnavailableException(_lastFailure);
            }

            var (client, reader) = _client is { Connected: true } c && _reader is { } r ? (c, r) : await ConnectAsync(timeout.Token);
            await client.GetStream().WriteAsync(Encode(command), timeout.Token);
            var reply = await reader.ReadAsync(timeout.Token);
            return reply is RespError error ? throw new RedisUnavailableException("error reply: " + error.Message) : reply;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or RedisUnavailableException)
        {
            if (_client is not null)
            {
                Drop();
                _failedAt = time.GetUtcNow();
                _lastFailure = e is RedisUnavailableException ? ((RedisUnavailableException)e).Reason
                    : e is OperationCanceledException ? "no answer in time" : "connection failed";
                logger.LogWarning("Redis at {Endpoint}: {Command} failed ({Reason}); shared state falls back as documented until it answers again",
                    endpoint, command[0], _lastFailure);
            }

            throw e as RedisUnavailableException ?? new RedisUnavailableException(_lastFailure);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary><see cref="ExecuteAsync"/> for state that fails closed (credential-entry links): Redis unavailable is
    /// told to the caller as <see cref="SharedStateUnavailableException"/>, with <paramref name="consequence"/>.</summary>
    public async Task<object?> ExecuteOrFailClosedAsync(IReadOnlyList<string> command, string consequence, CancellationToken cancellationToken)
    {
        try
        {
            return await ExecuteAsync(command, cancellationToken);
        }
        catch (RedisUnavailableException e)
        {
            throw new SharedStateUnavailableException("The state shared by this server's replicas is unavailable (" + e.Reason + "): " + consequence);
        }
    }

    private async Task<(TcpClient, RespReader)> ConnectAsync(CancellationToken cancellationToken)
    {
        Drop();
        var client = new TcpClient { NoDelay = true };
        _client = client;
        await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
        var reader = new RespReader(client.GetStream());
        _reader = reader;
        if (endpoint.Password is { } password)
        {
            string[] auth = endpoint.User is { } user ? ["AUTH", user, password] : ["AUTH", password];
            await client.GetStream().WriteAsync(Encode(auth), cancellationToken);
            if (await reader.ReadAsync(cancellationToken) is RespError)
            {
                throw new RedisUnavailableException("authentication refused");
            }
        }

        if (endpoint.Database != 0)
        {
            await client.GetStream().WriteAsync(Encode(["SELECT", endpoint.Database.ToString(CultureInfo.InvariantCulture)]), cancellationToken);
            if (await reader.ReadAsync(cancellationToken) is RespError error)
            {
                throw new RedisUnavailableException("SELECT refused: " + error.Message);
            }
        }

        return (client, reader);
    }

    /// <summary>A key lifetime for PX/PEXPIRE: whole milliseconds, at least one second (a key that should already
    /// have gone still lives long enough to be answered as closed rather than unknown).</summary>
    public static string Lifetime(TimeSpan span) => Math.Max(1000, (long)Math.Ceiling(span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    private void Drop()
    {
        _client?.Dispose();
        _client = null;
        _reader = null;
    }

    internal static byte[] Encode(IReadOnlyList<string> command)
    {
        var text = new StringBuilder();
        text.Append('*').Append(command.Count).Append("\r\n");
        foreach (var part in command)
        {
            text.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public void Dispose()
    {
        Drop();
        _gate.Dispose();
    }
}

/// <summary>Redis did not answer as expected; the message names why, never a key's value or the password.</summary>
internal sealed class RedisUnavailableException(string reason) : Exception("Redis is unavailable: " + reason)
{
    public string Reason { get; } = reason;
}
