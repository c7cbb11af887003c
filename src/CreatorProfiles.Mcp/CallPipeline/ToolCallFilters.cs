using System.Diagnostics;
using System.Text.Json;
using CreatorProfiles.Mcp.Domain.Auditing;
using CreatorProfiles.Mcp.Domain.Callers;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using CreatorProfiles.Mcp.Tools;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.CallPipeline;

/// <summary>
/// The host's tools/call filters (<see cref="RequestPipeline"/> puts them in order): the audit line and the per-caller
/// rate limit. Unknown tool names reach the audit line only as <see cref="EchoedName"/> shows them.
/// </summary>
internal static class ToolCallFilters
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Audit(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            var started = Stopwatch.GetTimestamp();
            var facts = AuditFacts.Begin();
            var outcome = "error";
            try
            {
                var result = await next(request, cancellationToken);
                outcome = result.IsError != true ? "ok"
                    : request.Items.TryGetValue(MethodFilters.OutcomeItem, out var marked) && marked is string kind ? kind
                    : "refused";
                return result;
            }
            catch (OperationCanceledException)
            {
                outcome = "cancelled";
                throw;
            }
            catch (McpException)
            {
                outcome = "refused"; // a protocol answer such as an unknown tool, not a server failure
                throw;
            }
            catch (InputRequiredException)
            {
                outcome = "input_required"; // the first half of a round trip; its retry gets a line of its own
                throw;
            }
            finally
            {
                await MethodFilters.WriteAuditAsync(request, "tool:" + (request.Params?.Name is { } name ? EchoedName.Of(name) : "?"),
                    TargetOf(request.Params?.Arguments), outcome, facts, started);
            }
        };

    public static McpRequestHandler<CallToolRequestParams, CallToolResult> RateLimit(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            var services = request.Services!;
            var caller = await services.GetRequiredService<ICallerAccessor>().GetCallerAsync(cancellationToken);
            var tool = EchoedName.Of(request.Params?.Name); // a real tool's name is unchanged
            if (await services.GetRequiredService<CallerRateLimiter>().TryAcquireAsync(caller.UserId, tool, cancellationToken: cancellationToken) is { } refusal)
            {
                request.Items[MethodFilters.OutcomeItem] = "rate_limited";
                return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = refusal.Message }] };
            }

            return await next(request, cancellationToken);
        };

    /// <summary>The audited id: `id` or `profile_id` when it is a uuid (never any other argument's value).</summary>
    private static string? TargetOf(IDictionary<string, JsonElement>? arguments)
    {
        foreach (var name in (string[])["profile_id", "id"])
        {
            if (arguments is not null && arguments.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String
                && AuditLog.Target(value.GetString()) is { } target)
            {
                return target;
            }
        }

        return null;
    }
}
