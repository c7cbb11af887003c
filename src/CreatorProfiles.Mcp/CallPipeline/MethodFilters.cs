using System.Diagnostics;
using CreatorProfiles.Mcp.Domain.Auditing;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Tools;
using Microsoft.AspNetCore.Http;
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
    /// (ok, refused, rate_limited, cancelled, error) and the duration. A listen writes one line when its stream opens
    /// (outcome open, with the granted profiles) and one when it ends, whose duration is the stream's lifetime.</summary>
    public static McpRequestFilter<TParams, TResult> Audit<TParams, TResult>(string action, Func<TParams?, string?> uriOf)
        where TParams : class =>
        next => async (request, cancellationToken) =>
        {
            var started = Stopwatch.GetTimestamp();
            var facts = AuditFacts.Begin();
            facts.Opened = opened => WriteAuditAsync(request, action, ProfileResources.ProfileIdFromUri(uriOf(request.Params)), "open", opened, started);
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
                await WriteAuditAsync(request, action, ProfileResources.ProfileIdFromUri(uriOf(request.Params)), outcome, facts, started);
            }
        };

    /// <summary>The audit line of an MCP request: its caller, JSON-RPC id, transport (http when it came over HTTP,
    /// with the client's address; else stdio), and what the domain recorded in <paramref name="facts"/>.</summary>
    public static async ValueTask WriteAuditAsync<TParams>(RequestContext<TParams> request, string action, string? target, string outcome, AuditFacts facts, long started)
    {
        var services = request.Services!;
        var caller = await TryGetCallerAsync(services);
        var line = new AuditLine(caller?.UserId ?? "unknown", action, outcome) { Target = target, RequestId = request.JsonRpcRequest?.Id.ToString() };
        if (services.GetService<IHttpContextAccessor>()?.HttpContext is { } http)
        {
            line = line with { Transport = AuditTransports.Http, Client = http.Connection.RemoteIpAddress?.ToString() };
        }

        services.GetRequiredService<AuditLog>().Write(line.With(facts), started);
    }

    /// <summary>Takes <paramref name="costOf"/> tokens from the caller's general bucket; empty: an InvalidRequest
    /// error that says when to retry, marked rate_limited for the audit line.</summary>
    public static McpRequestFilter<TParams, TResult> RateLimit<TParams, TResult>(string action, Func<TParams?, int> costOf)
        where TParams : class =>
        next => async (request, cancellationToken) =>
        {
            var services = request.Services!;
            var caller = await services.GetRequiredService<ICallerAccessor>().GetCallerAsync(cancellationToken);
            if (await services.GetRequiredService<CallerRateLimiter>().TryAcquireAsync(caller.UserId, action, costOf(request.Params), cancellationToken) is { } refusal)
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
