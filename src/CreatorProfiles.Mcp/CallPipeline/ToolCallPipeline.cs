using System.Diagnostics;
using System.Text.Json;
using CreatorProfiles.Mcp.Domain.Callers;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using CreatorProfiles.Mcp.Tools;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.CallPipeline;

/// <summary>
/// The call-tool filter pipeline, built here and only here. Each filter wraps the ones added after it, so the order
/// below is the order a call passes through them: audited first (so refusals are audited too), then counted against
/// the caller's budget (HTTP mode), then refused if --read-only or --toolsets turned the tool off, then checked for
/// argument shape with every failure turned into a clear tool error. Audit and rate limit learn the caller from
/// <see cref="ICallerAccessor"/>.
/// </summary>
internal static class ToolCallPipeline
{
    /// <summary>The request item an inner filter sets to tell the audit line why a call was refused.</summary>
    private const string OutcomeItem = "creatorprofiles.audit.outcome";

    public static IMcpServerBuilder WithToolCallPipeline(this IMcpServerBuilder builder, bool rateLimited)
    {
        builder.WithRequestFilters(filters =>
        {
            filters.AddCallToolFilter(Audit);
            if (rateLimited)
            {
                filters.AddCallToolFilter(RateLimit);
            }

            filters.AddCallToolFilter(ToolAvailability.Filter);
            filters.AddCallToolFilter(ToolErrorFilter.Wrap);
        });
        return builder;
    }

    private static McpRequestHandler<CallToolRequestParams, CallToolResult> Audit(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            var started = Stopwatch.GetTimestamp();
            var outcome = "error";
            try
            {
                var result = await next(request, cancellationToken);
                outcome = result.IsError != true ? "ok"
                    : request.Items.TryGetValue(OutcomeItem, out var marked) && marked is string kind ? kind
                    : "refused";
                return result;
            }
            catch (OperationCanceledException)
            {
                outcome = "cancelled";
                throw;
            }
            finally
            {
                var services = request.Services!;
                var caller = await TryGetCallerAsync(services);
                services.GetRequiredService<AuditLog>().Write(
                    caller?.UserId ?? "unknown", "tool:" + (request.Params?.Name is { } name ? EchoedName.Of(name) : "?"), TargetOf(request.Params?.Arguments), outcome, started);
            }
        };

    private static McpRequestHandler<CallToolRequestParams, CallToolResult> RateLimit(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            var services = request.Services!;
            var caller = await services.GetRequiredService<ICallerAccessor>().GetCallerAsync(cancellationToken);
            var tool = EchoedName.Of(request.Params?.Name); // a real tool's name is unchanged
            if (services.GetRequiredService<CallerRateLimiter>().TryAcquire(caller.UserId, tool) is { } refusal)
            {
                request.Items[OutcomeItem] = "rate_limited";
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

    private static async ValueTask<Caller?> TryGetCallerAsync(IServiceProvider services)
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
