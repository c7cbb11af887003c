using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// Ends legacy SSE sessions (`--legacy-sse`) whose client sent nothing for the idle timeout
/// (LEGACY_SSE_IDLE_TIMEOUT_SECONDS). The SDK's own idle timeout covers Streamable HTTP sessions only; an SSE session
/// lives as long as its GET /sse stays open, so without this an abandoned or hostile client holds a session, its
/// subscriptions and a connection forever. Activity is a POST /message for the session (any request or notification,
/// a ping included); when the time is up the session's server is stopped, which ends the SSE response.
/// </summary>
internal sealed class LegacySseIdleTimeout(TimeSpan timeout, TimeProvider time, ILogger<LegacySseIdleTimeout> logger)
{
    private readonly ConcurrentDictionary<string, long> _lastActivity = new(StringComparer.Ordinal);

    public TimeSpan Timeout => timeout;

    /// <summary>Middleware: a POST /message the session's owner made and the SDK accepted (202) counts as activity.</summary>
    public async Task TouchAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status202Accepted && HttpMethods.IsPost(context.Request.Method)
            && context.Request.Query.TryGetValue("sessionId", out var id) && _lastActivity.ContainsKey(id.ToString()))
        {
            _lastActivity[id.ToString()] = time.GetTimestamp();
        }
    }

    /// <summary>The transport's session runner: SSE sessions run under the idle watch, others as the SDK runs them.</summary>
    public async Task RunSessionAsync(HttpContext context, McpServer server, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero || server.SessionId is not { } sessionId || !IsLegacySse(context))
        {
            await server.RunAsync(cancellationToken);
            return;
        }

        _lastActivity[sessionId] = time.GetTimestamp();
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchAsync(sessionId, idle);
        try
        {
            await server.RunAsync(idle.Token);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Idle: the SSE response ends, the client must connect again.
        }
        finally
        {
            _lastActivity.TryRemove(sessionId, out _);
            await idle.CancelAsync();
            await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static bool IsLegacySse(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Value?.EndsWith("/sse", StringComparison.Ordinal) == true;

    private async Task WatchAsync(string sessionId, CancellationTokenSource idle)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromSeconds(5).Ticks));
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(idle.Token))
        {
            if (_lastActivity.TryGetValue(sessionId, out var last) && time.GetElapsedTime(last) >= timeout)
            {
                logger.LogInformation("Closing a legacy SSE session idle for {Timeout}.", timeout);
                await idle.CancelAsync();
                return;
            }
        }
    }
}
