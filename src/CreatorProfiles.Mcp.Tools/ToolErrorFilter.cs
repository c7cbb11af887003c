using CreatorProfiles.Mcp.Domain;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// The one place where failures become tool results (<c>isError: true</c>) the agent can act on. Domain refusals and
/// Directus errors carry messages written for that; anything else is logged (to stderr) and answered with a generic
/// message, so no stack trace or internal detail ever reaches the model.
/// </summary>
public static class ToolErrorFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            if (request.MatchedPrimitive is McpServerTool tool
                && ArgumentShape.FindProblem(tool.ProtocolTool.Name, tool.ProtocolTool.InputSchema, request.Params?.Arguments) is { } problem)
            {
                return Error(problem);
            }

            try
            {
                return await next(request, cancellationToken);
            }
            catch (DomainException e)
            {
                return Error(e.Message);
            }
            catch (Exception e) when (e is not (OperationCanceledException or McpProtocolException))
            {
                // McpProtocolException is a protocol answer, e.g. the SDK's "Unknown tool" (-32602) for a name that no
                // tool has (a tool that --read-only or --toolsets turned off is answered by ToolAvailability instead).
                var logger = request.Services?.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory
                    ? factory.CreateLogger(typeof(ToolErrorFilter))
                    : null;
                logger?.LogError("Tool {Tool} failed unexpectedly: {ExceptionType}", request.Params?.Name, e.GetType().Name);
                return Error($"'{request.Params?.Name}' failed unexpectedly on the server. Nothing was changed by this message; try again, and report it if it repeats.");
            }
        };

    private static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };
}
