using System.Diagnostics;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.CallPipeline;

/// <summary>
/// The audit and rate-limit filters of the methods other than tools/call (resources/read, resources/subscribe,
/// subscriptions/listen), in the shape the SDK's request filters take, so <see cref="RequestPipeline"/> can put them
/// in front of each method exactly as it does for tools. Those methods answer a refusal with a JSON-RPC error.
/// </summary>
internal static class MethodFilters
{
    /// <summary>The request item an inner filter sets to tell the audit line why a request was refused.</summary>
    public const string OutcomeItem = "creatorprofiles.audit.outcome";

    /// <summary>One audit line per request: the caller, <paramref name="action"/>, the profile id of the URI
    /// <paramref name="uriOf"/> gives (only when it is a valid profile URI; never the URI itself), the outcome
    /// (ok, refused, rate_limited, cancelled, error) and the duration. For a listen the line is written when the
    /// stream ends, so its duration is the stream's lifetime.</summary>
    public static McpRequestFilter<TParams, TResult> Audit<TParams, TResult>(string action, Func<TParams?, string?> uriOf)
        where TParams : class =>
        next => async (request, cancellationToken) =>
        {
            var started = Stopwatch.GetTimestamp();
            var outcome = "error";
            try
            {
                var result = await next(request, cancellationToken);
                outcome = "ok";
                return result;
            }
            catch (OperationCanceledException)
            {
                outcome = "cancelled";
                throw;
            }
            catch (McpException)
            {
                outcome = request.Items.TryGetValue(OutcomeItem, out var marked) && marked is string kind ? kind : "refused";
                throw;
            }
            finally
            {
                var services = request.Services!;
                var caller = await TryGetCallerAsync(services);
                services.GetRequiredService<AuditLog>().Write(
                    caller?.UserId ?? "unknown", action, ProfileResources.ProfileIdFromUri(uriOf(request.Params)), outcome, started);
            }
        };

    /// <summary>Takes <paramref name="costOf"/> tokens from the caller's general bucket; empty: an InvalidRequest
    /// error that says when to retry, marked rate_limited for the audit line.</summary>
    public static McpRequestFilter<TParams, TResult> RateLimit<TParams, TResult>(string action, Func<TParams?, int> costOf)
        where TParams : class =>
        next => async (request, cancellationToken) =>
        {
            var services = request.Services!;
            var caller = await services.GetRequiredService<ICallerAccessor>().GetCallerAsync(cancellationToken);
            if (services.GetRequiredService<CallerRateLimiter>().TryAcquire(caller.UserId, action, costOf(request.Params)) is { } refusal)
            {
                request.Items[OutcomeItem] = "rate_limited";
                throw new McpProtocolException(refusal.Message, McpErrorCode.InvalidRequest);
            }

            return await next(request, cancellationToken);
        };

    public static async ValueTask<Caller?> TryGetCallerAsync(IServiceProvider services)
    {
        try
        {
            return await services.GetRequiredService<ICallerAccessor>().GetCallerAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null; // the audit line still says what was called; "unknown" caller
        }
    }
}
